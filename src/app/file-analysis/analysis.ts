/**
 * One video file analysed by the live page's pipeline, faster than real time where the machine allows:
 * frames decoded with WebCodecs (io/video-file), each sent once, in order, to the face worker; the model
 * worker runs every crop in order ('file-clip' mode) with the soundtrack's context window at the frame's
 * time in the file, so the GRU state carries from frame to frame exactly as the file runs. A few frames are
 * in flight at once so the two workers overlap. Pause stops sending frames; seek is a jump: the frames in
 * flight finish, the recurrent state is reset, and analysis continues from the frame shown at the new time
 * (results from there on replace any earlier ones). Results are not kept: they go to the options' sink about every
 * second (FrameWriter), so an hour-long file needs no more memory than a minute.
 */
import { AffectscopeError, errorMessage, isAffectscopeError } from '../../core/errors';
import { addRepairs, clampFrame, NO_REPAIRS, type FrameRepairs } from '../../core/session/clamp-frame';
import { decodeAudioFile } from '../../io/audio-file';
import { openVideoFile, type VideoFileInfo, type VideoFileReader } from '../../io/video-file';
import type { FaceResult, FromFaceWorker, FromModelWorker, ModelSummary, PipelineInitOptions, PredictionResult } from '../../workers/protocol';
import { AffectHistory } from '../pipeline/history';
import { StageStats } from '../pipeline/stats';
import { FrameWriter, type FileAnalysisSink } from './frame-writer';
import { startPipelineWorkers, type PipelineWorkers } from './workers';

/** Frames sent and not yet answered by the model worker: enough to keep both workers busy, few enough to stop at once. */
export const MAX_FRAMES_IN_FLIGHT = 3;
/** At most this often the frame being sent is drawn for the preview, ms. */
const PREVIEW_INTERVAL_MS = 100;

export type FileAnalysisPhase = 'loading' | 'running' | 'paused' | 'done' | 'failed' | 'cancelled';

export interface FileAnalysisSnapshot {
  phase: FileAnalysisPhase;
  info: VideoFileInfo | null;
  model: ModelSummary | null;
  backend: string | null;
  /** frames with a result so far (after a seek back, re-analysed frames replace earlier results) */
  framesAnalysed: number;
  /** media time of the newest analysed frame, ms */
  currentTimeMs: number;
  face: FaceResult | null;
  prediction: PredictionResult | null;
  /** results per second over the last 5 s */
  fps: number;
  /** wall-clock ms left at the current speed; null until measured */
  remainingMs: number | null;
  /** seeks so far: each one reset the recurrent state */
  seeks: number;
  /** decoded frames skipped because their time repeated (or went before) the previous frame's: one result per instant */
  repeatedFrameTimes: number;
  /** model outputs clamped into range or dropped (NaN) so that the session can be saved */
  repairs: FrameRepairs;
  /** the soundtrack: 'decoded', 'none' (the file has none), or why it could not be used */
  audio: string;
  error: string | null;
}

export interface FileAnalysisResult {
  info: VideoFileInfo;
  model: ModelSummary;
  /** media times of the frames written to the sink, in order (one per analysed frame), ms */
  analysedFrameTimesMs: number[];
  /** times of the frames decoded, in the order analysed (every frame of the file when there was no seek), ms */
  decodedFrameTimesMs: number[];
  seeks: number;
  /** frames skipped for a repeated time (FileAnalysisSnapshot.repeatedFrameTimes) */
  repeatedFrameTimes: number;
}

export interface FileAnalysisOptions {
  init: PipelineInitOptions;
  /** where the results go as they come (FrameWriter): the analysis keeps none of them */
  sink: FileAnalysisSink;
  /** called with a frame about to be analysed, about 10 times a second (e.g. to draw it); must not keep the bitmap */
  onPreview?: (bitmap: ImageBitmap, timestampMs: number) => void;
}

export class FileAnalysis {
  readonly history = new AffectHistory(30_000);
  readonly stats = new StageStats();
  /** resolves when every frame is analysed; rejects on failure or cancel */
  readonly done: Promise<FileAnalysisResult>;
  private snapshot: FileAnalysisSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly workers: PipelineWorkers;
  private readonly facesByTimestamp = new Map<number, FaceResult>();
  private readonly writer: FrameWriter;
  /** media times of the frames analysed (their records are in the writer or the sink) */
  private analysedFrameTimesMs: number[] = [];
  private decodedFrameTimesMs: number[] = [];
  private inFlight = 0;
  private paused = false;
  private cancelled = false;
  private pendingSeekMs: number | null = null;
  /** set by jump(): the first frame sent afterwards drops every result from its time on */
  private trimAtNextFrame = false;
  private lastPreviewMs = -Infinity;
  private wake: (() => void)[] = [];
  private faceReady = false;
  private modelReady = false;
  private fatal: Error | null = null;

  constructor(private readonly file: Blob, private readonly fileName: string, private readonly options: FileAnalysisOptions) {
    this.snapshot = {
      phase: 'loading', info: null, model: null, backend: null, framesAnalysed: 0, currentTimeMs: 0, face: null, prediction: null,
      fps: 0, remainingMs: null, seeks: 0, repeatedFrameTimes: 0, repairs: NO_REPAIRS, audio: 'decoding', error: null,
    };
    this.writer = new FrameWriter(options.sink, () => this.onWritten());
    this.workers = startPipelineWorkers(options.init, (m) => this.onFace(m), (m) => this.onModel(m), (text) => this.fail(new Error(text)));
    this.done = this.run();
    this.done.catch(() => undefined); // the owner reads the outcome from the snapshot too
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): FileAnalysisSnapshot => this.snapshot;

  /** Frame records in memory now: analysed and not yet written to the sink (at most MAX_HELD_FRAMES + a few in flight). */
  get framesHeld(): number {
    return this.writer.heldFrames;
  }

  pause(): void {
    if (this.snapshot.phase !== 'running') return;
    this.paused = true;
    this.update({ phase: 'paused' });
  }

  resume(): void {
    if (this.snapshot.phase !== 'paused') return;
    this.paused = false;
    this.update({ phase: 'running' });
    this.notify();
  }

  /** Jumps to the frame shown at `timeMs`: the recurrent state is reset there (see the file comment). */
  seek(timeMs: number): void {
    if (this.snapshot.phase !== 'running' && this.snapshot.phase !== 'paused') return;
    const targetMs = Math.max(0, timeMs);
    this.pendingSeekMs = targetMs;
    // The new position shows at once, paused too: the count is what will be kept, the time left is from there.
    this.update({
      currentTimeMs: targetMs,
      framesAnalysed: this.analysedFrameTimesMs.filter((t) => t < targetMs).length,
      remainingMs: this.remainingMsFrom(targetMs),
    });
    this.notify();
  }

  cancel(): void {
    this.cancelled = true;
    this.notify();
  }

  dispose(): void {
    this.cancel();
    this.workers.terminate();
  }

  private async run(): Promise<FileAnalysisResult> {
    let reader: VideoFileReader | null = null;
    try {
      const opened = openVideoFile(this.file, this.fileName);
      // Its failure is handled at `await opened` below; until then it must not count as an unhandled rejection.
      opened.catch(() => undefined);
      await this.until(() => this.faceReady && this.modelReady);
      reader = await opened;
      const info = reader.info;
      this.update({ info });
      await this.sendSoundtrack(info);
      await this.options.sink.begin(info, this.snapshot.model!);
      this.update({ phase: this.paused ? 'paused' : 'running' });
      let startMs = 0;
      for (;;) {
        for await (const frame of reader.frames(startMs)) {
          await this.until(() => this.cancelled || this.pendingSeekMs !== null || (!this.paused && this.inFlight < MAX_FRAMES_IN_FLIGHT && !this.writer.full));
          if (this.cancelled || this.pendingSeekMs !== null) {
            frame.bitmap.close();
            break;
          }
          if (frame.timestampMs <= (this.trimAtNextFrame ? -Infinity : (this.decodedFrameTimesMs.at(-1) ?? -Infinity))) {
            // A file with duplicate frame times: the model steps once per instant, and the tables need increasing times.
            frame.bitmap.close();
            this.update({ repeatedFrameTimes: this.snapshot.repeatedFrameTimes + 1 });
            continue;
          }
          this.sendFrame(frame.bitmap, frame.timestampMs);
        }
        if (this.cancelled) throw new AffectscopeError('internal', 'The analysis was cancelled.');
        if (this.pendingSeekMs === null) break;
        // The frames in flight finish first, so their results are in before the ones from the seek point are dropped.
        await this.until(() => this.cancelled || this.inFlight === 0);
        if (this.cancelled) throw new AffectscopeError('internal', 'The analysis was cancelled.');
        startMs = this.jump(this.pendingSeekMs!);
        this.workers.sendModel({ type: 'reset', beforeTimestampMs: 0 });
      }
      await this.until(() => this.inFlight === 0);
      await this.writer.drain();
      const model = this.snapshot.model!;
      this.update({ phase: 'done', remainingMs: 0 });
      const { seeks, repeatedFrameTimes } = this.snapshot;
      return { info, model, analysedFrameTimesMs: this.analysedFrameTimesMs, decodedFrameTimesMs: this.decodedFrameTimesMs, seeks, repeatedFrameTimes };
    } catch (error) {
      const failure = this.fatal ?? error;
      // Stopped or failed: what was analysed is still written, for the owner to keep (LibrarySink.abandon).
      await this.writer.drain().catch(() => undefined);
      if (this.cancelled) this.update({ phase: 'cancelled' });
      else this.update({ phase: 'failed', error: errorMessage(failure) });
      throw failure;
    } finally {
      reader?.dispose();
      this.workers.terminate();
    }
  }

  /** Decodes the soundtrack and hands it to the model worker before the first frame (null: the model hears silence). */
  private async sendSoundtrack(info: VideoFileInfo): Promise<void> {
    let samples: Float32Array | null = null;
    let sampleRateHz = 16_000;
    if (info.audioSampleRateHz === null) {
      this.update({ audio: 'none: the file has no soundtrack, the audio stream hears silence' });
    } else {
      try {
        const decoded = await decodeAudioFile(this.file, this.fileName, info.audioSampleRateHz);
        samples = decoded.samples;
        sampleRateHz = decoded.sampleRateHz;
        this.update({ audio: 'decoded' });
      } catch (error) {
        this.update({ audio: isAffectscopeError(error) ? error.message : `not decoded (${errorMessage(error)})` });
      }
    }
    this.workers.sendModel({ type: 'file-clip', samples, sampleRateHz }, samples ? [samples.buffer] : []);
  }

  private sendFrame(bitmap: ImageBitmap, timestampMs: number): void {
    const now = performance.now();
    if (this.options.onPreview && now - this.lastPreviewMs >= PREVIEW_INTERVAL_MS) {
      this.lastPreviewMs = now;
      this.options.onPreview(bitmap, timestampMs);
    }
    if (this.trimAtNextFrame) {
      // The frame shown at the seek time may start before it: results from that frame on are analysed again.
      this.trimAtNextFrame = false;
      this.dropFramesFrom(timestampMs);
    }
    this.inFlight += 1;
    this.decodedFrameTimesMs.push(timestampMs);
    this.workers.sendFace({ type: 'frame', bitmap, timestampMs }, [bitmap]);
  }

  /**
   * Starts over at `timeMs` once no frame is in flight: results at or after it are dropped (they are analysed
   * again, from the first frame sent next), the plots restart.
   */
  private jump(timeMs: number): number {
    this.pendingSeekMs = null;
    this.trimAtNextFrame = true;
    this.dropFramesFrom(timeMs);
    this.history.clear();
    this.update({ seeks: this.snapshot.seeks + 1, currentTimeMs: timeMs });
    return timeMs;
  }

  /** Results at or after `timeMs` are dropped, in memory and in the sink. */
  private dropFramesFrom(timeMs: number): void {
    this.writer.truncate(timeMs);
    this.analysedFrameTimesMs = this.analysedFrameTimesMs.filter((t) => t < timeMs);
    this.decodedFrameTimesMs = this.decodedFrameTimesMs.filter((t) => t < timeMs);
    this.update({ framesAnalysed: this.analysedFrameTimesMs.length });
  }

  /** A write finished: a failed one ends the analysis (e.g. the disk is full); else sending may go on. */
  private onWritten(): void {
    const failure = this.writer.failure;
    if (failure) this.fail(failure instanceof Error ? failure : new Error(String(failure)));
    else this.notify();
  }

  /** Resolves once `ready()` holds; re-checked on every state change. Rejects if a worker failed. */
  private async until(ready: () => boolean): Promise<void> {
    while (!ready()) {
      if (this.fatal) throw this.fatal;
      await new Promise<void>((resolve) => this.wake.push(resolve));
    }
    if (this.fatal) throw this.fatal;
  }

  private notify(): void {
    const waiting = this.wake;
    this.wake = [];
    for (const resolve of waiting) resolve();
  }

  private fail(error: Error): void {
    this.fatal ??= error;
    this.notify();
  }

  private update(patch: Partial<FileAnalysisSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }

  private onFace(message: FromFaceWorker): void {
    if (message.type === 'face-ready') {
      this.faceReady = true;
    } else if (message.type === 'error') {
      this.fail(new AffectscopeError(message.code, message.message));
    } else {
      this.stats.record('landmarksMs', message.landmarksMs);
      if (message.status !== 'no-face') this.stats.record('alignmentMs', message.alignmentMs);
      this.facesByTimestamp.set(message.timestampMs, message);
    }
    this.notify();
  }

  private onModel(message: FromModelWorker): void {
    if (message.type === 'ready') {
      // The crops must be what the model was trained on (e.g. luma in 3 channels), as on the live page.
      this.workers.sendFace({ type: 'set-align', alignOptions: message.alignOptions });
      this.modelReady = true;
      this.update({ model: message.model, backend: message.backend });
    } else if (message.type === 'error') {
      this.fail(new AffectscopeError(message.code, message.message));
    } else {
      this.onPrediction(message);
    }
    this.notify();
  }

  private onPrediction(result: PredictionResult): void {
    const now = performance.now();
    this.inFlight = Math.max(0, this.inFlight - 1);
    const face = this.facesByTimestamp.get(result.timestampMs) ?? null;
    this.facesByTimestamp.delete(result.timestampMs);
    const p = result.prediction;
    this.stats.markResult(now);
    this.stats.record('spectrogramMs', result.spectrogramMs);
    if (p) this.stats.record('modelMs', result.modelMs);
    const { frame, repairs } = clampFrame({
      mediaTimeMs: result.timestampMs,
      faceFound: face !== null && face.status !== 'no-face',
      prediction: p,
      landmarks: face?.landmarks ? Array.from(face.landmarks, (v) => Math.round(v * 1e5) / 1e5) : null,
    });
    const kept = frame.prediction;
    this.history.push({ timestampMs: result.timestampMs, valence: kept ? kept.valence : null, arousal: kept ? kept.arousal : null });
    this.writer.add(frame);
    this.analysedFrameTimesMs.push(frame.mediaTimeMs);
    this.update({
      framesAnalysed: this.analysedFrameTimesMs.length,
      repairs: addRepairs(this.snapshot.repairs, repairs),
      currentTimeMs: result.timestampMs,
      face,
      prediction: result,
      fps: this.stats.fps(),
      remainingMs: this.remainingMsFrom(result.timestampMs),
    });
  }

  /** ms of analysis left from media time `timeMs` to the end, at the current frames per second; null before it is known. */
  private remainingMsFrom(timeMs: number): number | null {
    const info = this.snapshot.info;
    const fps = this.stats.fps();
    if (!info || fps <= 0) return null;
    return ((Math.max(0, info.durationMs - timeMs) / 1000) * info.frameRateHz * 1000) / fps;
  }
}
