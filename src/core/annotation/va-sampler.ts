import { AffectscopeError } from '../errors';
import type { VaSample, VaTrack } from '../session/types';
import { clampVa, type VaPoint } from './va-cursor';
import { withDefaults } from './options';
import { replaceVaRange } from './va-edits';

export interface VaSamplerOptions {
  /** sampling rate on the media clock, Hz; stored as the track's rateHz */
  rateHz: number;
}

export const DEFAULT_VA_SAMPLER_OPTIONS: Readonly<VaSamplerOptions> = Object.freeze({ rateHz: 10 });

export function validateVaSamplerOptions(options: Partial<VaSamplerOptions> = {}): VaSamplerOptions {
  const merged = withDefaults(DEFAULT_VA_SAMPLER_OPTIONS, options);
  if (!(merged.rateHz > 0 && merged.rateHz <= 1000 && Number.isFinite(merged.rateHz))) {
    throw new AffectscopeError('invalid-options', `rateHz: expected a rate in (0, 1000] Hz, got ${merged.rateHz}`);
  }
  return { rateHz: merged.rateHz };
}

/**
 * Samples a continuously moving cursor at a fixed rate on the media clock (FeelTrace/joystick
 * rating as used for Aff-Wild, Kollias & Zafeiriou 2019 §2). Samples sit on the grid
 * k · 1000 / rateHz ms: each grid time takes the cursor read at the first step at or after it.
 * Grid times skipped by a slow step are left out rather than filled with a repeated value, and a
 * step that goes back in time (a seek backwards) adds nothing until the clock passes the newest sample.
 */
export class VaSampler {
  readonly rateHz: number;
  private readonly periodMs: number;
  private readonly taken: VaSample[] = [];

  constructor(options: Partial<VaSamplerOptions> = {}) {
    this.rateHz = validateVaSamplerOptions(options).rateHz;
    this.periodMs = 1000 / this.rateHz;
  }

  /** Offers the cursor at media time `mediaTimeMs`; returns the sample taken, or null when no grid time was passed. */
  step(cursor: VaPoint, mediaTimeMs: number): VaSample | null {
    if (!(Number.isFinite(mediaTimeMs) && mediaTimeMs >= 0)) return null;
    // the small tolerance keeps 300.0000001 ms (float seconds × 1000) on grid time 300
    const gridMs = this.gridTime(Math.floor(mediaTimeMs / this.periodMs + 1e-6));
    const newest = this.taken[this.taken.length - 1];
    if (newest && gridMs <= newest.mediaTimeMs) return null;
    const point = clampVa(cursor);
    const sample: VaSample = { mediaTimeMs: gridMs, valence: point.valence, arousal: point.arousal };
    this.taken.push(sample);
    return sample;
  }

  /** The samples so far, strictly increasing in time (a copy). */
  samples(): VaSample[] {
    return this.taken.slice();
  }

  reset(): void {
    this.taken.length = 0;
  }

  private gridTime(k: number): number {
    // rounded to µs so 3 × (1000 / 30) reads 100, not 99.99999999999999
    return Math.round(k * this.periodMs * 1000) / 1000;
  }
}

/**
 * One VA track per annotator: the newly rated samples replace the earlier ones inside the re-rated
 * span [first, last rated time] (later replaces earlier); earlier samples outside it are kept.
 * The track takes the new rate. `rated` must be strictly increasing in time.
 */
export function mergeVaTrack(previous: VaTrack | undefined, annotator: string, rateHz: number, rated: readonly VaSample[]): VaTrack {
  if (rated.length === 0) return replaceVaRange(previous, annotator, rateHz, rated, { startMs: 0, endMs: 0 });
  return replaceVaRange(previous, annotator, rateHz, rated, { startMs: rated[0].mediaTimeMs, endMs: rated[rated.length - 1].mediaTimeMs });
}
