/** Rolling statistics for the page's fps and per-stage latency read-outs. */
import type { StageTimesMs } from '../../workers/protocol';

export class RollingStats {
  private readonly values: number[] = [];
  constructor(private readonly capacity: number) {}
  clear(): void {
    this.values.length = 0;
  }
  push(value: number): void {
    this.values.push(value);
    if (this.values.length > this.capacity) this.values.shift();
  }
  percentile(p: number): number {
    if (this.values.length === 0) return NaN;
    const sorted = [...this.values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  }
  get count(): number {
    return this.values.length;
  }
}

const FPS_WINDOW_MS = 5000;

export type StageName = keyof StageTimesMs;
export const STAGE_NAMES: StageName[] = ['landmarksMs', 'alignmentMs', 'spectrogramMs', 'modelMs', 'totalMs'];

export class StageStats {
  readonly stages = new Map<StageName, RollingStats>(STAGE_NAMES.map((s) => [s, new RollingStats(120)]));
  private readonly arrivalsMs: number[] = [];

  record(stage: StageName, ms: number): void {
    this.stages.get(stage)!.push(ms);
  }

  /** Counts one end-to-end result (a prediction or a "no face" verdict) towards fps. */
  markResult(arrivedAtMs: number): void {
    this.arrivalsMs.push(arrivedAtMs);
    while (this.arrivalsMs.length > 0 && arrivedAtMs - this.arrivalsMs[0] > FPS_WINDOW_MS) this.arrivalsMs.shift();
  }

  clear(): void {
    for (const stats of this.stages.values()) stats.clear();
    this.arrivalsMs.length = 0;
  }

  /** end-to-end results per second over the last 5 s (long enough for a backend at one result per 2 s) */
  fps(): number {
    const n = this.arrivalsMs.length;
    if (n < 2) return 0;
    const spanMs = this.arrivalsMs[n - 1] - this.arrivalsMs[0];
    return spanMs > 0 ? ((n - 1) * 1000) / spanMs : 0;
  }

  medians(): Record<StageName, number> {
    return Object.fromEntries(STAGE_NAMES.map((s) => [s, this.stages.get(s)!.percentile(50)])) as Record<StageName, number>;
  }

  p95s(): Record<StageName, number> {
    return Object.fromEntries(STAGE_NAMES.map((s) => [s, this.stages.get(s)!.percentile(95)])) as Record<StageName, number>;
  }
}
