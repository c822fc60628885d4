/**
 * What `npm run evaluate` reports about the network's AU head on faces, and the per-item predictions file.
 * The AU head is scored against the landmarker's blendshape-measured AUs of the same held-out faces
 * (src/core/au/blendshape-aus.ts: activation ∈ [0, 1], present = activation ≥ 0.5). The network's AU counts as present
 * from the model's own threshold (ModelManifest.actionUnitThresholds; 0.5 without them), as in the app's exports; F1
 * at 0.5 is given beside it.
 */
import { blendshapesToActionUnits } from '../../../src/core/au/blendshape-aus';
import { auThresholdsOf, chooseActionUnitThresholds, DEFAULT_AU_THRESHOLD, THRESHOLD_GRID_TEXT, type ActionUnitThresholds, type ThresholdChoice } from '../../../src/core/au/thresholds';
import { ACTION_UNITS, EXPRESSIONS, type ActionUnit } from '../../../src/core/labels';
import { concordanceCorrelation, f1Score } from '../../../src/core/metrics';
import { ACTION_UNIT_OFFSET, PREDICTION_COLUMNS } from '../../../src/core/prediction-values';

export const AU_TARGET_SOURCE =
  "blendshapes: MediaPipe Face Landmarker's 52 scores of the same face mapped by src/core/au/blendshape-aus.ts (activation; present = activation ≥ 0.5); faces the landmarker found only";

export interface PerAuScore {
  /** F1 of "present" (network output ≥ the model's threshold for this AU) against the measured presence (activation ≥ 0.5) */
  f1: number;
  /** the threshold `f1` used */
  threshold: number;
  /** F1 with the network's output thresholded at 0.5 */
  f1AtHalf: number;
  /** CCC of the network output ∈ [0, 1] against the measured activation ∈ [0, 1]; NaN when both are constant */
  ccc: number;
  /** faces scored (those with measured AUs) */
  count: number;
}

export interface ActionUnitReport {
  source: string;
  perAu: Record<ActionUnit, PerAuScore>;
  meanF1: number;
  /** mean F1 with every AU thresholded at 0.5 */
  meanF1AtHalf: number;
  /** where the thresholds come from: the model's manifest, or 0.5 */
  thresholds: string;
  /** mean over the AUs whose CCC is defined */
  meanCcc: number;
  /** per true expression class: faces, and the mean network output of each AU (ACTION_UNITS order) */
  meanByExpression: Record<string, { count: number } & Record<ActionUnit, number>>;
  /** the same means of the measured activations, for comparison */
  measuredMeanByExpression: Record<string, { count: number } & Record<ActionUnit, number>>;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function meansByClass(values: readonly (readonly number[])[], labels: readonly number[]) {
  const out: ActionUnitReport['meanByExpression'] = {};
  EXPRESSIONS.forEach((name, c) => {
    const rows = values.filter((_, i) => labels[i] === c);
    if (rows.length === 0) return;
    out[name] = { count: rows.length, ...Object.fromEntries(ACTION_UNITS.map((au, k) => [au, mean(rows.map((r) => r[k]))])) } as { count: number } & Record<ActionUnit, number>;
  });
  return out;
}

/**
 * The network's AU outputs and the measured activations and presence (blendshapesToActionUnits) of the faces that
 * have both, with their indices in `rows`.
 */
function scoredFaces(rows: readonly (readonly number[] | null)[], blendshapes: readonly (Readonly<Record<string, number>> | null)[]) {
  const network: number[][] = [];
  const measured: number[][] = [];
  const measuredPresent: boolean[][] = [];
  const indices: number[] = [];
  rows.forEach((row, i) => {
    if (!row || !blendshapes[i]) return;
    network.push(ACTION_UNITS.map((_, k) => row[ACTION_UNIT_OFFSET + k]));
    const { activations, present } = blendshapesToActionUnits(blendshapes[i]!);
    measured.push(activations);
    measuredPresent.push(present);
    indices.push(i);
  });
  return { network, measured, measuredPresent, indices };
}

/**
 * `rows[i]`: the model's 17 outputs for face i (PREDICTION_COLUMNS order) or null; `labels[i]`: its true class
 * (ABAW order, -1 = none); `blendshapes[i]`: the landmarker's scores for it, null where no face was found;
 * `thresholds`: the model's (its manifest's actionUnitThresholds), null for 0.5 each. Null when no face has both.
 */
export function actionUnitReport(
  rows: readonly (readonly number[] | null)[],
  labels: readonly number[],
  blendshapes: readonly (Readonly<Record<string, number>> | null)[],
  thresholds: ActionUnitThresholds | null = null,
): ActionUnitReport | null {
  const { network, measured, measuredPresent, indices } = scoredFaces(rows, blendshapes);
  if (network.length === 0) return null;
  const scoredLabels = indices.map((i) => labels[i]);
  const used = auThresholdsOf(thresholds);
  const perAu = Object.fromEntries(ACTION_UNITS.map((au, k) => {
    const out = network.map((r) => r[k]);
    const present = measuredPresent.map((r) => r[k]);
    return [au, {
      f1: f1Score(out.map((v) => v >= used[k]), present), threshold: used[k], f1AtHalf: f1Score(out.map((v) => v >= DEFAULT_AU_THRESHOLD), present),
      ccc: concordanceCorrelation(out, measured.map((r) => r[k])), count: out.length,
    }];
  })) as Record<ActionUnit, PerAuScore>;
  const scores = Object.values(perAu);
  const cccs = scores.map((s) => s.ccc).filter(Number.isFinite);
  const allRows = rows.flatMap((row, i) => (row ? [{ au: ACTION_UNITS.map((_, k) => row[ACTION_UNIT_OFFSET + k]), label: labels[i] }] : []));
  return {
    source: AU_TARGET_SOURCE,
    thresholds: thresholds ? "the model's (its manifest's actionUnitThresholds)" : '0.5 for every AU (the model has no thresholds of its own)',
    perAu,
    meanF1: mean(scores.map((s) => s.f1)),
    meanF1AtHalf: mean(scores.map((s) => s.f1AtHalf)),
    meanCcc: cccs.length ? mean(cccs) : NaN,
    meanByExpression: meansByClass(allRows.map((r) => r.au), allRows.map((r) => r.label)),
    measuredMeanByExpression: meansByClass(measured, scoredLabels),
  };
}

/**
 * Per AU, the threshold on the network's output with the best F1 against the measured presence on these faces
 * (`npm run evaluate -- <training faces> --calibrate-au`): to be chosen on training faces, never on the faces the
 * scores are reported on. Null when no face has both outputs and blendshapes.
 */
export function calibrateActionUnitThresholds(
  rows: readonly (readonly number[] | null)[],
  blendshapes: readonly (Readonly<Record<string, number>> | null)[],
): { faces: number; rule: string; perAu: Record<ActionUnit, ThresholdChoice>; values: number[] } | null {
  const { network, measuredPresent } = scoredFaces(rows, blendshapes);
  if (network.length === 0) return null;
  const choices = chooseActionUnitThresholds(network, measuredPresent);
  const rule = `each AU's threshold the one of ${THRESHOLD_GRID_TEXT} with the best F1 against the landmarker's measured presence (activation ≥ 0.5)`;
  return { faces: network.length, rule, perAu: Object.fromEntries(ACTION_UNITS.map((au, k) => [au, choices[k]])) as Record<ActionUnit, ThresholdChoice>, values: choices.map((c) => c.threshold) };
}

const csvField = (value: string | number) => {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * One CSV row per item: id, label (class name, empty when none), faceFound (1/0), then the 17 outputs in
 * PREDICTION_COLUMNS order (valence, arousal ∈ [-1, 1]; AU probabilities; expression probabilities); an item
 * without outputs has empty output fields.
 */
export function predictionsCsv(items: readonly { id: string; label: number; faceFound: boolean; outputs: readonly number[] | null }[]): string {
  const header = ['id', 'label', 'faceFound', ...PREDICTION_COLUMNS].join(',');
  const lines = items.map(({ id, label, faceFound, outputs }) => [
    csvField(id),
    label >= 0 && label < EXPRESSIONS.length ? EXPRESSIONS[label] : '',
    faceFound ? 1 : 0,
    ...(outputs ? outputs.map((v) => String(v)) : PREDICTION_COLUMNS.map(() => '')),
  ].join(','));
  return `${[header, ...lines].join('\n')}\n`;
}
