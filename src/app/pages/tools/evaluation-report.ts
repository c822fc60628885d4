/** Held-out metrics of a model's expression outputs (core/metrics), as `npm run evaluate` prints them. */
import { accuracy, concordanceCorrelation, confusionMatrix, macroF1, perClassF1, perClassRecall } from '../../../core/metrics';
import { EXPRESSIONS } from '../../../core/labels';
import { EXPRESSION_OFFSET } from '../../../core/prediction-values';

export interface ExpressionMetrics {
  count: number;
  accuracy: number;
  /** unweighted mean of per-class F1 over the 7 classes (paper §4) */
  macroF1: number;
  perClassRecall: Record<string, number>;
  perClassF1: Record<string, number>;
  support: Record<string, number>;
  /** rows = true class, columns = predicted class, EXPRESSIONS order */
  confusionMatrix: number[][];
  classes: readonly string[];
}

/** argmax of the 7 expression probabilities of an output row. */
export function predictedExpression(row: readonly number[]): number {
  let best = 0;
  for (let c = 1; c < EXPRESSIONS.length; c++) if (row[EXPRESSION_OFFSET + c] > row[EXPRESSION_OFFSET + best]) best = c;
  return best;
}

export function expressionMetrics(predicted: readonly number[], labels: readonly number[]): ExpressionMetrics | null {
  if (predicted.length === 0) return null;
  const n = EXPRESSIONS.length;
  const byClass = (values: number[]) => Object.fromEntries(EXPRESSIONS.map((name, c) => [name, values[c]]));
  const matrix = confusionMatrix(predicted, labels, n);
  return {
    count: predicted.length,
    accuracy: accuracy(predicted, labels),
    macroF1: macroF1(predicted, labels, n),
    perClassRecall: byClass(perClassRecall(predicted, labels, n)),
    perClassF1: byClass(perClassF1(predicted, labels, n)),
    support: byClass(matrix.map((row) => row.reduce((a, b) => a + b, 0))),
    confusionMatrix: matrix,
    classes: EXPRESSIONS,
  };
}

export interface FaceEvaluation {
  expression: ExpressionMetrics | null;
  faceDetection: { rate: number; detected: number; count: number };
  /** the same metrics on the images where the landmarker found a face */
  expressionDetectedOnly: ExpressionMetrics | null;
  /** CCC (paper eq. 3) when the file has valence / arousal labels */
  valenceCcc: number | null;
  arousalCcc: number | null;
}

/** `rows[i]`: the model's output row for image i; `found[i]`: 1 when the landmarker found its face. */
export function faceEvaluation(rows: readonly (readonly number[])[], labels: readonly number[], found: readonly number[], valence?: readonly number[], arousal?: readonly number[]): FaceEvaluation {
  const predicted = rows.map(predictedExpression);
  const hits = found.flatMap((f, i) => (f ? [i] : []));
  const ccc = (truth: readonly number[] | undefined, column: number) => (truth ? concordanceCorrelation(rows.map((r) => r[column]), truth) : null);
  return {
    expression: expressionMetrics(predicted, labels),
    faceDetection: { rate: hits.length / Math.max(1, found.length), detected: hits.length, count: found.length },
    expressionDetectedOnly: expressionMetrics(hits.map((i) => predicted[i]), hits.map((i) => labels[i])),
    valenceCcc: ccc(valence, 0),
    arousalCcc: ccc(arousal, 1),
  };
}
