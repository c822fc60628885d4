/**
 * When the network's AU output counts as "present": P(AU) at or above a threshold per AU. A model may carry its
 * own (ModelManifest.actionUnitThresholds, chosen on training faces to maximise F1 against its AU targets); without
 * them every AU is present from 0.5. The ABAW AU_Detection files (session exports, the CLI), the agreement
 * statistics, the AU bars and `npm run evaluate`'s AU F1 all decide presence here.
 */
import { AffectscopeError } from '../errors';
import type { JsonReader } from '../json-reader';
import { ACTION_UNITS } from '../labels';
import { f1Score } from '../metrics';

/** One probability per AU in ACTION_UNITS order (length 8), each in (0, 1). */
export type ActionUnitThresholds = readonly number[];

export const DEFAULT_AU_THRESHOLD = 0.5;
export const DEFAULT_AU_THRESHOLDS: ActionUnitThresholds = Object.freeze(ACTION_UNITS.map(() => DEFAULT_AU_THRESHOLD));

/** A single threshold for every AU, or one per AU: checked, as one per AU. */
export function auThresholdsOf(threshold: number | ActionUnitThresholds | null | undefined): ActionUnitThresholds {
  if (threshold === null || threshold === undefined) return DEFAULT_AU_THRESHOLDS;
  const values = typeof threshold === 'number' ? ACTION_UNITS.map(() => threshold) : threshold;
  if (values.length !== ACTION_UNITS.length || !values.every((t) => t >= 0 && t <= 1)) {
    throw new AffectscopeError('invalid-options', `AU thresholds: expected ${ACTION_UNITS.length} probabilities in [0, 1], got ${JSON.stringify(threshold)}`);
  }
  return values;
}

/** 1 where P(AU) ≥ its threshold, else 0, in ACTION_UNITS order. */
export function presentActionUnits(probabilities: ArrayLike<number>, thresholds: ActionUnitThresholds): (0 | 1)[] {
  return Array.from(probabilities, (p, k) => (p >= thresholds[k] ? 1 : 0));
}

/** How presence is decided, in words: "from 0.5", or each AU's own threshold. */
export function describeAuThresholds(thresholds: ActionUnitThresholds | null | undefined): string {
  const values = auThresholdsOf(thresholds);
  if (values.every((t) => t === values[0])) return `from ${values[0]}`;
  return `from each AU's threshold (${ACTION_UNITS.map((au, k) => `${au} ${values[k]}`).join(', ')})`;
}

/** Reads ACTION_UNITS.length thresholds, each strictly between 0 and 1, at `path`. */
export function readActionUnitThresholds(r: JsonReader, value: unknown, path: string): number[] {
  const values = r.array(value, path);
  if (values.length !== ACTION_UNITS.length) r.fail(path, `${ACTION_UNITS.length} thresholds (${ACTION_UNITS.join(', ')})`, `${values.length}`);
  return values.map((v, k) => {
    const t = r.number(v, `${path}[${k}]`);
    if (!(t > 0 && t < 1)) r.fail(`${path}[${k}]`, 'a probability strictly between 0 and 1', t);
    return t;
  });
}

export interface ThresholdChoice {
  threshold: number;
  /** F1 at that threshold on the data it was chosen on */
  f1: number;
  /** F1 at 0.5 on the same data */
  f1AtDefault: number;
}

/** Candidate thresholds: 0.05, 0.06, …, 0.95. */
const GRID = Array.from({ length: 91 }, (_, i) => Math.round((0.05 + i * 0.01) * 100) / 100);
/** The candidates in words, for a manifest's `chosenOn`. */
export const THRESHOLD_GRID_TEXT = `${GRID[0]}, ${GRID[1]}, …, ${GRID[GRID.length - 1]}`;

function f1At(outputs: readonly number[], present: readonly boolean[], threshold: number): number {
  return f1Score(outputs.map((p) => p >= threshold), present);
}

/**
 * Per AU, the threshold on the grid with the best F1 of `outputs[i][k] ≥ t` against `present[i][k]` (ties: the one
 * nearest 0.5). Choose it on data the reported scores are not measured on.
 */
export function chooseActionUnitThresholds(outputs: readonly (readonly number[])[], present: readonly (readonly boolean[])[]): ThresholdChoice[] {
  if (outputs.length === 0 || outputs.length !== present.length) {
    throw new AffectscopeError('invalid-options', `AU thresholds: expected as many target rows as outputs (≥ 1), got ${outputs.length} and ${present.length}`);
  }
  return ACTION_UNITS.map((_, k) => {
    const column = outputs.map((row) => row[k]);
    const truth = present.map((row) => row[k]);
    let best = { threshold: DEFAULT_AU_THRESHOLD, f1: f1At(column, truth, DEFAULT_AU_THRESHOLD) };
    for (const threshold of GRID) {
      const f1 = f1At(column, truth, threshold);
      const nearer = Math.abs(threshold - DEFAULT_AU_THRESHOLD) < Math.abs(best.threshold - DEFAULT_AU_THRESHOLD);
      if (f1 > best.f1 || (f1 === best.f1 && nearer)) best = { threshold, f1 };
    }
    return { ...best, f1AtDefault: f1At(column, truth, DEFAULT_AU_THRESHOLD) };
  });
}
