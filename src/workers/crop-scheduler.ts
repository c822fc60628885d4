/**
 * Which face crops the model worker runs, and when. Two policies:
 * - 'newest-wins' (live camera): while a step runs, crops pile up; only the newest is run next, the rest are
 *   dropped, so a slow backend never builds a queue and the output stays current.
 * - 'every-in-order' (video file): every crop is run, in the order it came (the page bounds how many are
 *   in flight), so the analysis has a prediction for every frame it sent.
 * Pure: the worker hands in how to run a step, how to schedule a drain behind its other tasks, and how to
 * let already-queued messages arrive.
 */
export type CropPolicy = 'newest-wins' | 'every-in-order';

export interface CropSchedulerOptions<T> {
  /** runs one crop (the model step and its post) */
  step: (crop: T) => Promise<void>;
  /** queues a drain behind the worker's other tasks (model loading, a file's soundtrack) */
  schedule: (drain: () => Promise<void>) => void;
  /** resolves once the messages already queued for the worker have been delivered (a macrotask) */
  yieldToEvents: () => Promise<void>;
}

export class CropScheduler<T extends { timestampMs: number }> {
  private policy: CropPolicy = 'newest-wins';
  private readonly pending: T[] = [];
  private draining = false;
  /** crops of frames captured before this were sent before a reset (e.g. the camera stopped): never run them */
  private droppedBeforeMs = -Infinity;

  constructor(private readonly options: CropSchedulerOptions<T>) {}

  get currentPolicy(): CropPolicy {
    return this.policy;
  }

  /** From now on (a video file is analysed from 'file-clip' on); crops already waiting stay. */
  setPolicy(policy: CropPolicy): void {
    this.policy = policy;
  }

  offer(crop: T): void {
    if (this.policy === 'every-in-order') {
      this.pending.push(crop);
      // One drain per crop; a drain that finds nothing left does nothing.
      this.options.schedule(() => this.drainInOrder());
      return;
    }
    if (crop.timestampMs < this.droppedBeforeMs) return;
    this.pending.length = 0;
    this.pending.push(crop);
    if (!this.draining) this.options.schedule(() => this.drainNewest());
  }

  /**
   * Drops every crop not yet run. Live: also every crop of a frame captured before `beforeTimestampMs` that
   * arrives later. A file's crops carry media times, so after a seek they are dropped by being pending only.
   */
  reset(beforeTimestampMs: number): void {
    this.droppedBeforeMs = beforeTimestampMs;
    this.pending.length = 0;
  }

  private async drainNewest(): Promise<void> {
    this.draining = true;
    try {
      // Let every message already queued arrive first (a slow step lets crops pile up behind it), so the
      // step below runs on the newest crop instead of working through a backlog in order.
      await this.options.yieldToEvents();
      for (let next = this.pending.pop(); next; next = this.pending.pop()) {
        await this.options.step(next);
        await this.options.yieldToEvents();
      }
    } finally {
      this.draining = false;
    }
  }

  private async drainInOrder(): Promise<void> {
    for (let next = this.pending.shift(); next; next = this.pending.shift()) await this.options.step(next);
  }
}
