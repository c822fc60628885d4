/**
 * One video file analysed by the live page's pipeline (FramePipeline with FILE_POLICY), faster than real time where the machine allows:
 * frames decoded with WebCodecs (io/video-file), each sent once, in order, to the face worker; the model
 * worker runs every crop in order ('file-open' mode) with the soundtrack's context window at the frame's
 * time in the file (the soundtrack decoded as it is read, fed a little ahead of the frames: SoundtrackFeed), so the GRU state carries from frame to frame exactly as the file runs. A few frames are
 * in flight at once so the two workers overlap. Pause stops sending frames; seek is a jump: the frames in
 * flight finish, the recurrent state is reset, and analysis continues from the frame shown at the new time
 * (results from there on replace any earlier ones). Results are not kept: they go to the options' sink about every
 * second (FrameWriter), so an hour-long file needs no more memory than a minute.
 */
import { AffectscopeError, errorMessage } from '../../core/errors';
import { addRepairs, clampFrame, NO_REPAIRS } from '../../core/session/clamp-frame';
import { releaseFrame, type FrameImage } from '../../io/frame-image';
import { openVideoFile, type VideoFileReader } from '../../io/video-file';
import type { WorkerError } from '../../workers/protocol';
import { FILE_POLICY, FramePipeline, type AnalysedFrame, type ModelReady } from '../pipeline/frame-pipeline';
import { frameRecordOf } from '../pipeline/frame-record';
import { AffectHistory } from '../pipeline/history';
import { PipelineView } from '../pipeline/pipeline-view';
import { remainingAnalysisMs, SoundtrackFeed } from './file-source';
import type { FileAnalysisOptions, FileAnalysisResult, FileAnalysisSnapshot } from './analysis-types';
import { FrameTimeIndex } from './frame-time-index';
import { FrameWriter } from './frame-writer';

export type { FileAnalysisOptions, FileAnalysisPhase, FileAnalysisResult, FileAnalysisSnapshot } from './analysis-types';

/** Frames sent and not yet answered by the model worker (the pipeline's FILE_POLICY). */
export const MAX_FRAMES_IN_FLIGHT = FILE_POLICY.maxFramesInFlight;
/** At most this often the frame being sent is drawn for the preview, ms. */
const PREVIEW_INTERVAL_MS = 100;

export class FileAnalysis extends PipelineView<FileAnalysisSnapshot> {
  readonly history = new AffectHistory(30_000);
  /** resolves when every frame is analysed; rejects on failure or cancel */
  readonly done: Promise<FileAnalysisResult>;
  protected readonly pipeline: FramePipeline;
  private readonly writer: FrameWriter;
  /** media times of the frames analysed (their records are in the writer or the sink), one entry per second of media */
  private readonly analysedFrames = new FrameTimeIndex();
  /** media times of the frames decoded and sent, likewise */
  private readonly decodedFrames = new FrameTimeIndex();
  private paused = false;
  private cancelled = false;
  private pendingSeekMs: number | null = null;
  /** set by jump(): the first frame sent afterwards drops every result from its time on */
  private trimAtNextFrame = false;
  private lastPreviewMs = -Infinity;
  private wake: (() => void)[] = [];
  private fatal: Error | null = null;

  constructor(private readonly file: Blob, private readonly fileName: string, private readonly options: FileAnalysisOptions) {
    super({
      phase: 'loading', info: null, model: null, backend: null, framesAnalysed: 0, currentTimeMs: 0, face: null, prediction: null,
      fps: 0, remainingMs: null, seeks: 0, repeatedFrameTimes: 0, repairs: NO_REPAIRS, audio: 'decoding', error: null,
    });
    this.writer = new FrameWriter(options.sink, () => this.onWritten());
    this.pipeline = new FramePipeline(options.init, FILE_POLICY, {
      onModelReady: (ready) => this.onModelReady(ready),
      onFace: () => undefined,
      onResult: (frame) => this.onResult(frame),
      onWorkerError: (_worker, error: WorkerError) => this.fail(new AffectscopeError(error.code, error.message)),
      onCrash: (worker, message) => this.fail(new Error(`The ${worker} worker failed: ${message}`)),
      onChange: () => this.notify(),
    }, 'affectscope-file');
    this.done = this.run();
    this.done.catch(() => undefined); // the owner reads the outcome from the snapshot too
  }

  private get snapshot(): FileAnalysisSnapshot {
    return this.store.getSnapshot();
  }

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
      framesAnalysed: this.analysedFrames.countBefore(targetMs),
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
    this.pipeline.terminate();
  }

  private async run(): Promise<FileAnalysisResult> {
    let reader: VideoFileReader | null = null;
    let soundtrack: SoundtrackFeed | null = null;
    try {
      const opened = openVideoFile(this.file, this.fileName);
      // Its failure is handled at `await opened` below; until then it must not count as an unhandled rejection.
      opened.catch(() => undefined);
      await this.until(() => this.pipeline.ready);
      reader = await opened;
      const info = reader.info;
      this.update({ info });
      soundtrack = new SoundtrackFeed(reader, (message, transfer) => this.pipeline.sendModel(message, transfer));
      soundtrack.open();
      this.update({ audio: soundtrack.status });
      await this.options.sink.begin(info, this.snapshot.model!);
      this.update({ phase: this.paused ? 'paused' : 'running' });
      let startMs = 0;
      for (;;) {
        soundtrack.start(startMs);
        for await (const frame of reader.frames(startMs)) {
          // the model worker hears the frame's time only once the soundtrack up to it has come
          await soundtrack.feedUntil(frame.timestampMs);
          if (soundtrack.status !== this.snapshot.audio) this.update({ audio: soundtrack.status });
          await this.until(() => this.cancelled || this.pendingSeekMs !== null || (!this.paused && this.pipeline.canSend && !this.writer.full));
          if (this.cancelled || this.pendingSeekMs !== null) {
            releaseFrame(frame.image);
            break;
          }
          if (frame.timestampMs <= (this.trimAtNextFrame ? -Infinity : (this.decodedFrames.lastMs ?? -Infinity))) {
            // A file with duplicate frame times: the model steps once per instant, and the tables need increasing times.
            releaseFrame(frame.image);
            this.update({ repeatedFrameTimes: this.snapshot.repeatedFrameTimes + 1 });
            continue;
          }
          this.sendFrame(frame.image, frame.timestampMs);
        }
        if (this.cancelled) throw new AffectscopeError('internal', 'The analysis was cancelled.');
        if (this.pendingSeekMs === null) {
          // Every frame is sent: the last results come, unless a seek comes first (it is honoured like any other).
          await this.until(() => this.cancelled || this.pendingSeekMs !== null || this.pipeline.framesInFlight === 0);
          if (this.cancelled) throw new AffectscopeError('internal', 'The analysis was cancelled.');
          if (this.pendingSeekMs === null) break;
        }
        // The frames in flight finish first, so their results are in before the ones from the seek point are dropped.
        await this.until(() => this.cancelled || this.pipeline.framesInFlight === 0);
        if (this.cancelled) throw new AffectscopeError('internal', 'The analysis was cancelled.');
        startMs = this.jump(this.pendingSeekMs!);
        this.pipeline.sendModel({ type: 'reset', beforeTimestampMs: 0 });
      }
      await this.writer.drain();
      const model = this.snapshot.model!;
      this.update({ phase: 'done', remainingMs: 0 });
      const { seeks, repeatedFrameTimes } = this.snapshot;
      return { info, model, analysedFrames: this.analysedFrames.span, decodedFrames: this.decodedFrames.span, seeks, repeatedFrameTimes };
    } catch (error) {
      const failure = this.fatal ?? error;
      // Stopped or failed: what was analysed is still written, for the owner to keep (LibrarySink.abandon).
      await this.writer.drain().catch(() => undefined);
      if (this.cancelled) this.update({ phase: 'cancelled' });
      else this.update({ phase: 'failed', error: errorMessage(failure) });
      throw failure;
    } finally {
      soundtrack?.dispose();
      reader?.dispose();
      this.pipeline.terminate();
    }
  }

  private sendFrame(image: FrameImage, timestampMs: number): void {
    const now = performance.now();
    if (this.options.onPreview && now - this.lastPreviewMs >= PREVIEW_INTERVAL_MS) {
      this.lastPreviewMs = now;
      this.options.onPreview(image, timestampMs);
    }
    if (this.trimAtNextFrame) {
      // The frame shown at the seek time may start before it: results from that frame on are analysed again.
      this.trimAtNextFrame = false;
      this.dropFramesFrom(timestampMs);
    }
    this.decodedFrames.add(timestampMs);
    this.pipeline.sendFrame(image, timestampMs);
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
    this.analysedFrames.dropFrom(timeMs);
    this.decodedFrames.dropFrom(timeMs);
    this.update({ framesAnalysed: this.analysedFrames.count });
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
    this.store.update(patch);
  }

  private onModelReady(ready: ModelReady): void {
    this.update({ model: ready.model, backend: ready.backend });
  }

  private onResult(analysed: AnalysedFrame): void {
    const { face, prediction: result } = analysed;
    const { frame, repairs } = clampFrame({ mediaTimeMs: result.timestampMs, ...frameRecordOf(analysed) });
    const kept = frame.prediction;
    this.history.push({ timestampMs: result.timestampMs, valence: kept ? kept.valence : null, arousal: kept ? kept.arousal : null });
    this.writer.add(frame);
    this.analysedFrames.add(frame.mediaTimeMs);
    this.update({
      framesAnalysed: this.analysedFrames.count,
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
    return info ? remainingAnalysisMs(info.durationMs, info.frameRateHz, timeMs, this.stats.fps()) : null;
  }
}
