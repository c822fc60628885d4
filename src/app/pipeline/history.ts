/** The valence/arousal history behind the circumplex trail and the 30 s time series. */
export interface AffectSample {
  timestampMs: number;
  /** null while there is no face: a gap in the plot, not a stale value */
  valence: number | null;
  arousal: number | null;
}

export class AffectHistory {
  private samples: AffectSample[] = [];
  constructor(readonly spanMs: number = 30_000) {}

  push(sample: AffectSample): void {
    this.samples.push(sample);
    const oldest = sample.timestampMs - this.spanMs;
    let drop = 0;
    while (drop < this.samples.length && this.samples[drop].timestampMs < oldest) drop++;
    if (drop > 0) this.samples = this.samples.slice(drop);
  }

  /** samples no older than `windowMs` before the newest one */
  recent(windowMs: number = this.spanMs): AffectSample[] {
    const newest = this.samples[this.samples.length - 1];
    if (!newest) return [];
    return this.samples.filter((s) => s.timestampMs >= newest.timestampMs - windowMs);
  }

  clear(): void {
    this.samples = [];
  }
}
