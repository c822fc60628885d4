import { AffectscopeError } from '../errors';

/** A binary label: true/1 = positive (e.g. an action unit is active), false/0 = negative. */
export type BinaryLabel = boolean | 0 | 1;

function checkLengths(a: ArrayLike<unknown>, b: ArrayLike<unknown>): void {
  if (a.length !== b.length) throw new AffectscopeError('invalid-options', `expected predictions and labels of equal length, got ${a.length} and ${b.length}`);
  if (a.length === 0) throw new AffectscopeError('invalid-options', 'expected at least 1 sample, got 0');
}

function toBool(v: unknown): boolean {
  if (v === true || v === 1) return true;
  if (v === false || v === 0) return false;
  throw new AffectscopeError('invalid-options', `expected a binary label (true/false/0/1), got ${String(v)}`);
}

function checkClasses(labels: ArrayLike<number>, numClasses: number): void {
  if (!(Number.isInteger(numClasses) && numClasses >= 1)) throw new AffectscopeError('invalid-options', `expected numClasses ≥ 1, got ${numClasses}`);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (!(Number.isInteger(c) && c >= 0 && c < numClasses)) {
      throw new AffectscopeError('invalid-options', `expected class indices in [0, ${numClasses - 1}], got ${c}`);
    }
  }
}

function f1FromCounts(tp: number, fp: number, fn: number): number {
  const denominator = 2 * tp + fp + fn;
  return denominator === 0 ? 0 : (2 * tp) / denominator;
}

/**
 * Binary F1 = 2·TP / (2·TP + FP + FN), the paper's AU metric (§4 evaluation metrics).
 * 0 when there are neither predicted nor true positives (scikit-learn's zero_division=0).
 */
export function f1Score(pred: ArrayLike<BinaryLabel>, truth: ArrayLike<BinaryLabel>): number {
  checkLengths(pred, truth);
  let tp = 0, fp = 0, fn = 0;
  for (let i = 0; i < pred.length; i++) {
    const p = toBool(pred[i]), t = toBool(truth[i]);
    if (p && t) tp++;
    else if (p) fp++;
    else if (t) fn++;
  }
  return f1FromCounts(tp, fp, fn);
}

/** numClasses × numClasses counts; row = true class, column = predicted class (scikit-learn layout). */
export function confusionMatrix(predLabels: ArrayLike<number>, trueLabels: ArrayLike<number>, numClasses: number): number[][] {
  checkLengths(predLabels, trueLabels);
  checkClasses(predLabels, numClasses);
  checkClasses(trueLabels, numClasses);
  const matrix = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < predLabels.length; i++) matrix[trueLabels[i]][predLabels[i]]++;
  return matrix;
}

/** Per-class one-vs-rest F1, length numClasses (0 for a class never predicted nor present). */
export function perClassF1(predLabels: ArrayLike<number>, trueLabels: ArrayLike<number>, numClasses: number): number[] {
  const m = confusionMatrix(predLabels, trueLabels, numClasses);
  return m.map((row, c) => {
    const tp = row[c];
    const fn = row.reduce((s, v) => s + v, 0) - tp;
    const fp = m.reduce((s, r) => s + r[c], 0) - tp;
    return f1FromCounts(tp, fp, fn);
  });
}

/** Unweighted mean of per-class F1 over all numClasses classes, the paper's expression metric (§4). */
export function macroF1(predLabels: ArrayLike<number>, trueLabels: ArrayLike<number>, numClasses: number): number {
  const f1 = perClassF1(predLabels, trueLabels, numClasses);
  return f1.reduce((s, v) => s + v, 0) / numClasses;
}

/** The classes that occur in either labelling, ascending. */
export function classesPresent(predLabels: ArrayLike<number>, trueLabels: ArrayLike<number>): number[] {
  return [...new Set([...Array.from(predLabels), ...Array.from(trueLabels)])].sort((x, y) => x - y);
}

/**
 * Unweighted mean of per-class F1 over the classes present in either labelling (scikit-learn's
 * `labels=None` default), so a class that neither uses does not count as 0. For agreement between
 * raters; the paper's benchmark metric over all classes is macroF1.
 */
export function macroF1OverPresentClasses(predLabels: ArrayLike<number>, trueLabels: ArrayLike<number>, numClasses: number): { value: number; classes: number[] } {
  const f1 = perClassF1(predLabels, trueLabels, numClasses);
  const classes = classesPresent(predLabels, trueLabels);
  return { value: classes.reduce((s, c) => s + f1[c], 0) / classes.length, classes };
}

/** Fraction of samples whose predicted class equals the true class, ∈ [0, 1]. */
export function accuracy(predLabels: ArrayLike<number>, trueLabels: ArrayLike<number>): number {
  checkLengths(predLabels, trueLabels);
  let correct = 0;
  for (let i = 0; i < predLabels.length; i++) if (predLabels[i] === trueLabels[i]) correct++;
  return correct / predLabels.length;
}

/**
 * Recall of each class (confusion-matrix diagonal over row sums), length numClasses; 0 for a
 * class with no true samples. Its mean is the "mean diagonal" metric used for RAF-DB.
 */
export function perClassRecall(predLabels: ArrayLike<number>, trueLabels: ArrayLike<number>, numClasses: number): number[] {
  return confusionMatrix(predLabels, trueLabels, numClasses).map((row, c) => {
    const support = row.reduce((s, v) => s + v, 0);
    return support === 0 ? 0 : row[c] / support;
  });
}
