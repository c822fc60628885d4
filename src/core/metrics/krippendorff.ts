/**
 * Krippendorff's alpha (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability", the general
 * form for any number of coders and missing values) from the coincidence matrix:
 *   o_ck = Σ_u (number of ordered pairs (c, k) of values in unit u) / (m_u − 1),  n_c = Σ_k o_ck,
 *   α = 1 − (n − 1) · Σ_ck o_ck·δ²_ck / Σ_ck n_c·n_k·δ²_ck,
 * over the pairable values only (units with m_u ≥ 2 values). δ² is 1 for c ≠ k (nominal) or
 * (c − k)² (interval).
 */
import { AffectscopeError } from '../errors';
import { defined, undefinedBecause, type Statistic } from './statistic';

/** nominal: δ² = 1 for c ≠ k (labels); interval: δ² = (c − k)² (ratings on a scale) */
export type KrippendorffLevel = 'nominal' | 'interval';

/** Sparse coincidences: the distinct pairable values (ascending), n_c per value, and the non-zero o_ck (c, k index `values`). */
export interface Coincidences {
  values: number[];
  totals: number[];
  entries: Array<{ c: number; k: number; weight: number }>;
  /** n = Σ n_c, the number of pairable values */
  n: number;
}

/** @param units one array per unit (e.g. a video frame) of the values its coders gave, null where a coder gave none */
export function coincidences(units: ReadonlyArray<ReadonlyArray<number | null>>): Coincidences {
  const pairable = units.map((u) => u.filter((v): v is number => v !== null)).filter((u) => u.length >= 2);
  for (const unit of pairable) {
    for (const v of unit) if (!Number.isFinite(v)) throw new AffectscopeError('invalid-options', `expected finite values or null, got ${v}`);
  }
  const values = [...new Set(pairable.flat())].sort((x, y) => x - y);
  const index = new Map(values.map((v, i) => [v, i]));
  const weights = new Map<number, number>(); // key c·V + k
  for (const unit of pairable) {
    const w = 1 / (unit.length - 1);
    for (let i = 0; i < unit.length; i++) {
      for (let j = 0; j < unit.length; j++) {
        if (i === j) continue;
        const key = index.get(unit[i])! * values.length + index.get(unit[j])!;
        weights.set(key, (weights.get(key) ?? 0) + w);
      }
    }
  }
  const totals = new Array<number>(values.length).fill(0);
  const entries = [...weights].map(([key, weight]) => {
    const c = Math.floor(key / values.length), k = key % values.length;
    totals[c] += weight;
    return { c, k, weight };
  });
  return { values, totals, entries, n: pairable.reduce((s, u) => s + u.length, 0) };
}

/** Σ_ck n_c·n_k·δ²_ck in closed form (O(V), not O(V²): continuous ratings have as many values as frames). */
function expectedDisagreementSum({ values, totals, n }: Coincidences, level: KrippendorffLevel): number {
  if (level === 'nominal') return n * n - totals.reduce((s, t) => s + t * t, 0);
  // Σ_c Σ_k n_c n_k (c − k)² = 2n · Σ_c n_c (c − mean)²
  const mean = values.reduce((s, v, i) => s + totals[i] * v, 0) / n;
  return 2 * n * values.reduce((s, v, i) => s + totals[i] * (v - mean) ** 2, 0);
}

export function krippendorffAlpha(units: ReadonlyArray<ReadonlyArray<number | null>>, level: KrippendorffLevel): Statistic {
  const o = coincidences(units);
  if (o.n < 2) return undefinedBecause('fewer than 2 pairable values (no unit has values from two coders)');
  if (o.values.length < 2) return undefinedBecause('every pairable value is the same (no expected disagreement)');
  const delta2 = level === 'nominal' ? (c: number, k: number) => (c === k ? 0 : 1) : (c: number, k: number) => (o.values[c] - o.values[k]) ** 2;
  const observed = o.entries.reduce((s, { c, k, weight }) => s + weight * delta2(c, k), 0);
  return defined(1 - ((o.n - 1) * observed) / expectedDisagreementSum(o, level));
}
