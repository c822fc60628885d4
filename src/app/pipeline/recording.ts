/**
 * One recording: the WebM from MediaRecorder and the per-frame model outputs, written to the session
 * store as they arrive (media every second, frames every second), in order, so that closing the tab
 * or a crash loses at most the last second. Times are on the media clock (0 = recorder start).
 */
import type { FrameRecord, SessionModel } from '../../core/session';
import { addRepairs, clampFrame, NO_REPAIRS, type FrameRepairs } from '../../core/session/clamp-frame';
import { AffectscopeError, errorMessage } from '../../core/errors';
import { startRecorder, type RecorderHandle, type RecorderInterruption, type RecordingCodecChoice } from '../../io/recorder';
import type { SessionStore } from '../../io/session-store';
import type { ModelSummary } from '../../workers/protocol';

/** What a session keeps of the model that produced its frames; derived-output notes and AU thresholds only when it has some. */
export function sessionModel(model: ModelSummary): SessionModel {
  const { id, name, trained, derivedOutputs, actionUnitThresholds } = model;
  return {
    id, name, trained,
    ...(Object.keys(derivedOutputs).length > 0 ? { derivedOutputs: { ...derivedOutputs } } : {}),
    ...(actionUnitThresholds ? { actionUnitThresholds: [...actionUnitThresholds] } : {}),
  };
}

const FRAME_FLUSH_MS = 1000;

export class SessionRecording {
  private pending: FrameRecord[] = [];
  private lastFlushPageMs = 0;
  private writes: Promise<void> = Promise.resolve();
  private failed: unknown = null;
  private stopped = false;
  private repaired: FrameRepairs = { ...NO_REPAIRS };

  private constructor(
    private readonly store: SessionStore,
    readonly sessionId: string,
    private readonly recorder: RecorderHandle,
    private readonly onFailure: (error: unknown, savedMs: number) => void,
  ) {}

  static async start(
    store: SessionStore,
    tracks: MediaStreamTrack[],
    model: SessionModel,
    name: string,
    onFailure: (error: unknown, savedMs: number) => void,
    codec: RecordingCodecChoice = 'auto',
  ): Promise<SessionRecording> {
    let recording: SessionRecording | null = null;
    const early: { bytes: Blob; endMediaTimeMs: number }[] = [];
    let earlyInterruption: RecorderInterruption | null = null;
    const recorder = await startRecorder(tracks, (chunk) => {
      if (recording) recording.enqueue(() => store.appendMediaChunk(recording!.sessionId, chunk.bytes, chunk.endMediaTimeMs));
      else early.push(chunk);
    }, {
      codec,
      onInterrupted: (interruption) => {
        if (recording) void recording.interrupt(interruption);
        else earlyInterruption = interruption;
      },
    });
    const id = await store.beginSession({ name, createdAtIso: new Date().toISOString(), mimeType: recorder.mimeType, model });
    recording = new SessionRecording(store, id, recorder, onFailure);
    recording.lastFlushPageMs = recorder.startedAtPageMs;
    for (const chunk of early) recording.enqueue(() => store.appendMediaChunk(id, chunk.bytes, chunk.endMediaTimeMs));
    if (earlyInterruption) void recording.interrupt(earlyInterruption);
    return recording;
  }

  /** ms recorded so far */
  elapsedMs(pageNowMs: number): number {
    return Math.max(0, this.recorder.mediaTimeMs(pageNowMs));
  }

  /** Model outputs changed so far so that the store accepts them (out of range: clamped; NaN: dropped). */
  get repairs(): FrameRepairs {
    return { ...this.repaired };
  }

  /**
   * One analysed frame, stamped with the page time it was captured at. Outputs the session format
   * refuses are clamped or dropped and counted (`repairs`): the store validates every flush, and one
   * odd value must not end the recording.
   */
  addFrame(pageTimestampMs: number, frame: Omit<FrameRecord, 'mediaTimeMs'>): void {
    if (this.stopped) return;
    const mediaTimeMs = this.recorder.mediaTimeMs(pageTimestampMs);
    if (mediaTimeMs < 0) return; // captured before the recorder started
    const clamped = clampFrame(frame);
    this.repaired = addRepairs(this.repaired, clamped.repairs);
    this.pending.push({ mediaTimeMs, ...clamped.frame });
    if (pageTimestampMs - this.lastFlushPageMs >= FRAME_FLUSH_MS) this.flushFrames(pageTimestampMs);
  }

  /** Stops the recorder, writes what is left and closes the session; resolves with its duration, ms. */
  async stop(pageNowMs: number): Promise<number> {
    if (this.stopped) {
      await this.writes;
      if (this.failed) throw this.failed;
      return this.elapsedMs(pageNowMs);
    }
    this.stopped = true;
    const durationMs = this.elapsedMs(pageNowMs);
    await this.recorder.stop();
    this.flushFrames(pageNowMs);
    this.enqueue(() => this.store.finishSession(this.sessionId, durationMs));
    await this.writes;
    if (this.failed) throw this.failed;
    return durationMs;
  }

  /**
   * A recorded track went away (camera or microphone changed or unplugged) or MediaRecorder failed: MediaRecorder
   * cannot follow a new track, so the recording ends here, cleanly: the last chunk and frames are written, the
   * session is finished at this moment, and `onFailure` gets a 'recording-interrupted' error saying why and how
   * much was saved.
   */
  async interrupt(interruption: RecorderInterruption): Promise<void> {
    if (this.stopped) return;
    const pageNowMs = performance.now();
    let durationMs = 0;
    try {
      durationMs = await this.stop(pageNowMs);
    } catch {
      return; // a failed write already ended the session and reported it (enqueue)
    }
    this.onFailure(new AffectscopeError('recording-interrupted', interruptionMessage(interruption, durationMs), {
      cause: interruption.reason === 'recorder-error' ? interruption.error : undefined,
    }), durationMs);
  }

  private flushFrames(pageNowMs: number): void {
    this.lastFlushPageMs = pageNowMs;
    if (this.pending.length === 0) return;
    const frames = this.pending;
    this.pending = [];
    this.enqueue(() => this.store.appendFrames(this.sessionId, frames));
  }

  /**
   * Writes run one after another. After a failure (e.g. the disk is full) nothing more is written and
   * the session is closed at what was saved (the end of its last stored media chunk, as the next
   * start-up's recovery would), so the library shows it now rather than "recording" until a reload.
   */
  private enqueue(write: () => Promise<unknown>): void {
    this.writes = this.writes.then(async () => {
      if (this.failed) return;
      try {
        await write();
      } catch (error) {
        this.failed = error;
        this.stopped = true;
        void this.recorder.stop();
        // abandonRecording releases the lock even when its own write fails; recoverInterrupted then closes
        // the session the same way at the next start, so that failure has nothing to add to `error`.
        await this.store.abandonRecording(this.sessionId).catch(() => undefined);
        this.onFailure(error, this.elapsedMs(performance.now()));
      }
    });
  }
}

/** What the person is told when a recording ended by itself. */
export function interruptionMessage(interruption: RecorderInterruption, savedMs: number): string {
  const saved = `${(savedMs / 1000).toFixed(1)} s saved`;
  switch (interruption.reason) {
    case 'camera-changed':
      return `Recording stopped because the camera changed; ${saved}. Press Record to go on recording with the new camera.`;
    case 'microphone-changed':
      return `Recording stopped because the microphone changed; ${saved}. Press Record to go on recording with the new microphone.`;
    case 'capture-closed':
      return `Recording stopped because the camera and microphone were closed; ${saved}.`;
    case 'track-ended':
      return `Recording stopped because the ${interruption.trackKind === 'audio' ? 'microphone' : 'camera'} stopped (unplugged or taken by another application); ${saved}.`;
    case 'recorder-error':
      return `Recording stopped because the browser's recorder failed (${errorMessage(interruption.error)}); ${saved}.`;
  }
}
