/**
 * The media times of the frames a file analysis has handled, kept as one entry per second of media (how many frames
 * fell in it, the first's and the last's time) instead of one per frame: ~24 bytes a second, ~84 KB for an hour,
 * whatever the frame rate. Enough for what FileAnalysis asks: how many, the first and last time, and how many lie
 * before a time (a seek back keeps those). Within one second the frames are taken as evenly spaced between its first
 * and last: exact for a constant frame rate, also when the container rounds times to the millisecond; in a second of
 * a variable-rate file a count before a time may be off by one.
 */

/** Frames counted by a FrameTimeIndex: how many, the first's and the last's media time, ms (null when none). */
export interface FrameTimeSpan {
  count: number;
  firstMs: number | null;
  lastMs: number | null;
}

const SECOND_MS = 1000;
/** A time this close to a frame's estimated time (fraction of the frame step) is taken as that frame's own. */
const SAME_FRAME_FRACTION = 0.25;

export class FrameTimeIndex {
  /** per second of media (index = floor(ms / 1000)): frames, first and last time; firstMs/lastMs NaN while empty */
  private counts: number[] = [];
  private firstsMs: number[] = [];
  private lastsMs: number[] = [];
  private total = 0;
  private first: number | null = null;
  private last: number | null = null;

  get span(): FrameTimeSpan {
    return { count: this.total, firstMs: this.first, lastMs: this.last };
  }

  get count(): number {
    return this.total;
  }

  get lastMs(): number | null {
    return this.last;
  }

  /** Adds a frame at `timeMs` (≥ 0); frames come in time order (one before the last is counted at the last's time). */
  add(frameTimeMs: number): void {
    const timeMs = Math.max(frameTimeMs, this.last ?? 0);
    const s = Math.floor(timeMs / SECOND_MS);
    while (this.counts.length <= s) {
      this.counts.push(0);
      this.firstsMs.push(NaN);
      this.lastsMs.push(NaN);
    }
    if (this.counts[s] === 0) this.firstsMs[s] = timeMs;
    this.counts[s]++;
    this.lastsMs[s] = timeMs;
    this.total++;
    this.first ??= timeMs;
    this.last = timeMs;
  }

  /** Frames before `timeMs`; a frame at `timeMs` itself is not counted. */
  countBefore(timeMs: number): number {
    if (this.last === null || timeMs <= this.first!) return 0;
    if (timeMs > this.last) return this.total;
    const s = Math.floor(timeMs / SECOND_MS);
    let n = 0;
    for (let i = 0; i < s && i < this.counts.length; i++) n += this.counts[i];
    return s < this.counts.length ? n + this.beforeInSecond(s, timeMs) : n;
  }

  /** Forgets the frames at or after `timeMs`. */
  dropFrom(timeMs: number): void {
    const kept = this.countBefore(timeMs);
    if (kept === this.total) return;
    if (kept === 0) {
      this.clear();
      return;
    }
    const s = Math.min(Math.floor(timeMs / SECOND_MS), this.counts.length - 1);
    const inSecond = this.beforeInSecond(s, timeMs);
    this.counts.length = this.firstsMs.length = this.lastsMs.length = s + 1;
    if (inSecond === 0) {
      this.counts[s] = 0;
      this.firstsMs[s] = this.lastsMs[s] = NaN;
    } else {
      this.lastsMs[s] = this.timeInSecond(s, inSecond - 1);
      this.counts[s] = inSecond;
    }
    this.total = kept;
    this.last = this.lastKept();
  }

  clear(): void {
    this.counts = [];
    this.firstsMs = [];
    this.lastsMs = [];
    this.total = 0;
    this.first = this.last = null;
  }

  /** Estimated time of the k-th frame (from 0) of second `s`, evenly spaced between its first and last. */
  private timeInSecond(s: number, k: number): number {
    const n = this.counts[s];
    return n < 2 ? this.firstsMs[s] : this.firstsMs[s] + (k * (this.lastsMs[s] - this.firstsMs[s])) / (n - 1);
  }

  /** Frames of second `s` before `timeMs`. */
  private beforeInSecond(s: number, timeMs: number): number {
    const n = this.counts[s];
    if (n === 0 || timeMs <= this.firstsMs[s]) return 0;
    if (timeMs > this.lastsMs[s]) return n;
    // n ≥ 2 here: a single frame is its first and its last
    const steps = ((timeMs - this.firstsMs[s]) * (n - 1)) / (this.lastsMs[s] - this.firstsMs[s]);
    const nearest = Math.round(steps);
    return Math.abs(steps - nearest) < SAME_FRAME_FRACTION ? nearest : Math.ceil(steps);
  }

  private lastKept(): number | null {
    for (let s = this.counts.length - 1; s >= 0; s--) if (this.counts[s] > 0) return this.lastsMs[s];
    return null;
  }
}
