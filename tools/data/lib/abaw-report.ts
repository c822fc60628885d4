/**
 * The network's outputs on ABAW frames against the challenge's labels (tools/data/lib/abaw-layout.mjs), with the
 * challenge's metrics: CCC of valence and arousal, F1 of the expressions and of the AUs, and the MTL score of the
 * ABAW multi-task challenge (seed 002, §4.1): mean(CCC_V, CCC_A) + F1_expr (mean over all 8 classes) + F1_AU (mean
 * over all 12 AUs).
 *
 * What this network cannot match: it has no "Other" expression (that class's F1 is 0 whenever a frame is labelled
 * Other) and 7 of ABAW's 12 AUs (AU7, 10, 23, 24 and 26 count as F1 0 in the 12-AU mean). So the official-style score
 * is a lower bound of what the same outputs would get on a 7-class, 8-AU task; the means over what it can predict
 * are reported beside it.
 */
import { auThresholdsOf, type ActionUnitThresholds } from '../../../src/core/au/thresholds';
import { ACTION_UNITS, EXPRESSIONS } from '../../../src/core/labels';
import { accuracy, concordanceCorrelation, f1Score, macroF1, perClassF1 } from '../../../src/core/metrics';
import { ACTION_UNIT_OFFSET } from '../../../src/core/prediction-values';
import { predictedExpression } from '../../../src/app/pages/tools/evaluation-report';
import { ABAW_AUS, ABAW_EXPRESSIONS } from './abaw-layout.mjs';

/** Per frame: va N·2 (-5 = no label), au N·12 in ABAW_AUS order (-1 = no label), expr N (0–7, -1 = no label). */
export interface AbawLabels {
  va: ArrayLike<number>;
  au: ArrayLike<number>;
  expr: ArrayLike<number>;
}

export interface AbawReport {
  valenceArousal: { valenceCcc: number; arousalCcc: number; frames: number } | null;
  expression: { f1: number; f1WithoutOther: number; accuracy: number; perClassF1: Record<string, number>; frames: number; otherFrames: number } | null;
  actionUnits: { perAu: Record<string, { f1: number; frames: number } | null>; meanF1Over12: number; meanF1Predicted: number; notPredicted: string[] } | null;
  /** mean VA CCC + expression F1 (8 classes) + AU F1 (12 AUs); null unless all three tasks have labelled frames */
  mtlScore: number | null;
  /** the same over what the network predicts: expression F1 over 7 classes without Other frames, AU F1 over the shared AUs */
  mtlScorePredicted: number | null;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** `thresholds`: the model's AU thresholds (its manifest's actionUnitThresholds), null for 0.5 each, as the app's exports. */
export function abawReport(rows: readonly (readonly number[] | null)[], labels: AbawLabels, thresholds: ActionUnitThresholds | null = null): AbawReport {
  const used = auThresholdsOf(thresholds);
  const frames = rows.flatMap((row, i) => (row ? [i] : []));
  const vaFrames = frames.filter((i) => labels.va[2 * i] !== -5 && labels.va[2 * i + 1] !== -5);
  const valenceArousal = vaFrames.length > 1 ? {
    valenceCcc: concordanceCorrelation(vaFrames.map((i) => rows[i]![0]), vaFrames.map((i) => labels.va[2 * i])),
    arousalCcc: concordanceCorrelation(vaFrames.map((i) => rows[i]![1]), vaFrames.map((i) => labels.va[2 * i + 1])),
    frames: vaFrames.length,
  } : null;

  const exprFrames = frames.filter((i) => labels.expr[i] >= 0);
  let expression: AbawReport['expression'] = null;
  if (exprFrames.length > 0) {
    const pred = exprFrames.map((i) => predictedExpression(rows[i]!));
    const truth = exprFrames.map((i) => labels.expr[i]);
    const seven = truth.flatMap((t, k) => (t < EXPRESSIONS.length ? [k] : []));
    const f1 = perClassF1(pred, truth, ABAW_EXPRESSIONS.length);
    expression = {
      f1: macroF1(pred, truth, ABAW_EXPRESSIONS.length),
      f1WithoutOther: seven.length ? macroF1(seven.map((k) => pred[k]), seven.map((k) => truth[k]), EXPRESSIONS.length) : NaN,
      accuracy: accuracy(pred, truth),
      perClassF1: Object.fromEntries(ABAW_EXPRESSIONS.map((name, c) => [name, f1[c]])),
      frames: exprFrames.length,
      otherFrames: exprFrames.length - seven.length,
    };
  }

  const perAu: Record<string, { f1: number; frames: number } | null> = {};
  let anyAu = false;
  ABAW_AUS.forEach((au, a) => {
    const ours = (ACTION_UNITS as readonly string[]).indexOf(au);
    const auFrames = frames.filter((i) => labels.au[12 * i + a] !== -1);
    anyAu ||= auFrames.length > 0;
    perAu[au] = ours < 0 || auFrames.length === 0 ? null : {
      f1: f1Score(auFrames.map((i) => rows[i]![ACTION_UNIT_OFFSET + ours] >= used[ours]), auFrames.map((i) => labels.au[12 * i + a] === 1)),
      frames: auFrames.length,
    };
  });
  const predicted = Object.values(perAu).filter((s): s is { f1: number; frames: number } => s !== null);
  const actionUnits = anyAu ? {
    perAu,
    meanF1Over12: predicted.reduce((s, v) => s + v.f1, 0) / ABAW_AUS.length,
    meanF1Predicted: predicted.length ? mean(predicted.map((s) => s.f1)) : NaN,
    notPredicted: ABAW_AUS.filter((au) => !(ACTION_UNITS as readonly string[]).includes(au)),
  } : null;

  const all = valenceArousal && expression && actionUnits;
  const vaScore = valenceArousal ? (valenceArousal.valenceCcc + valenceArousal.arousalCcc) / 2 : NaN;
  return {
    valenceArousal,
    expression,
    actionUnits,
    mtlScore: all ? vaScore + expression!.f1 + actionUnits!.meanF1Over12 : null,
    mtlScorePredicted: all ? vaScore + expression!.f1WithoutOther + actionUnits!.meanF1Predicted : null,
  };
}
