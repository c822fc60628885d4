/**
 * A file analysis's results leave memory as they come: batches of frames go to a sink (the session library, the
 * CLI's files) about every second, one write at a time and in order, as a recording's frames do. The analysis
 * waits while MAX_HELD_FRAMES are not yet written, so memory stays bounded however long the file is.
 */
import type { FrameRecord } from '../../core/session';
import type { VideoFileInfo } from '../../io/video-file';
import type { ModelSummary } from '../../workers/protocol';

/** Where a FileAnalysis writes its results as it goes. */
export interface FileAnalysisSink {
  /** once, after the file is opened and the model is ready, before the first frame is analysed */
  begin(info: VideoFileInfo, model: ModelSummary): Promise<void>;
  /** the next analysed frames, by media time, none before those written already */
  write(frames: FrameRecord[]): Promise<void>;
  /** drops the frames written at or after `fromMediaTimeMs` (a seek back analyses them again) */
  truncate(fromMediaTimeMs: number): Promise<void>;
}

/** A frame waits at most this long to be written, ms (also while the analysis is paused)… */
export const FLUSH_INTERVAL_MS = 1000;
/** …or once it holds this many frames (a file analysed faster than real time). */
export const FLUSH_FRAMES = 120;
/** The analysis sends no new frame while this many are held (waiting or being written): ~12 KB each with landmarks. */
export const MAX_HELD_FRAMES = 600;

export class FrameWriter {
  private pending: FrameRecord[] = [];
  /** frames handed to the sink whose write has not finished */
  private writing = 0;
  private chain: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** the first write that failed; nothing is written after it */
  failure: unknown = null;

  /** `onChange`: after every write (and after a failure, which `failure` then holds) */
  constructor(private readonly sink: FileAnalysisSink, private readonly onChange: () => void) {}

  /** Frames in memory: waiting for their batch, or in a write not finished yet. */
  get heldFrames(): number {
    return this.pending.length + this.writing;
  }

  get full(): boolean {
    return this.heldFrames >= MAX_HELD_FRAMES;
  }

  add(frame: FrameRecord): void {
    this.pending.push(frame);
    if (this.pending.length >= FLUSH_FRAMES) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_INTERVAL_MS);
  }

  /** Drops the frames at or after `fromMediaTimeMs`, held or written. */
  truncate(fromMediaTimeMs: number): void {
    this.pending = this.pending.filter((f) => f.mediaTimeMs < fromMediaTimeMs);
    this.enqueue(() => this.sink.truncate(fromMediaTimeMs), 0);
  }

  /** Writes what is held; resolves when every write is done, rejects with the first failure. */
  async drain(): Promise<void> {
    this.flush();
    await this.chain;
    if (this.failure) throw this.failure;
  }

  private flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.enqueue(() => this.sink.write(batch), batch.length);
  }

  private enqueue(job: () => Promise<void>, frames: number): void {
    this.writing += frames;
    this.chain = this.chain.then(async () => {
      try {
        if (!this.failure) await job();
      } catch (error) {
        this.failure = error;
      } finally {
        this.writing -= frames;
        this.onChange();
      }
    });
  }
}
