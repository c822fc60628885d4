/**
 * Agreement between two raters' per-frame tables (frame-tables.ts), on the frames both cover.
 * Every statistic is a Statistic: a value, or undefined with the reason (never 0 or NaN for "undefined").
 */
import { AffectscopeError } from '../errors';
import { ACTION_UNITS, EXPRESSIONS } from '../labels';
import {
  accuracy,
  cohensKappa,
  concordanceCorrelation,
  defined,
  f1Score,
  krippendorffAlpha,
  macroF1OverPresentClasses,
  meanOfDefined,
  pearsonCorrelation,
  undefinedBecause,
  type Statistic,
} from '../metrics';
import type { FrameAus, FrameExpression, FrameVa } from '../session/frame-tables';

/** One continuous dimension (valence or arousal). */
export interface ContinuousAgreement {
  /** concordance correlation (Lin 1989) ∈ [-1, 1] */
  ccc: Statistic;
  /** Pearson's r ∈ [-1, 1] */
  pearson: Statistic;
  /** Krippendorff's alpha, interval metric, ≤ 1 */
  alpha: Statistic;
}

export interface VaPairStatistics {
  /** frames where both have a value */
  commonFrames: number;
  valence: ContinuousAgreement;
  arousal: ContinuousAgreement;
}

export interface ExpressionPairStatistics {
  commonFrames: number;
  /** fraction of common frames with the same label ∈ [0, 1] */
  accuracy: Statistic;
  /** Cohen's kappa ∈ [-1, 1] */
  kappa: Statistic;
  /** Krippendorff's alpha, nominal metric */
  alpha: Statistic;
  /** mean F1 over classesPresent (not over all 7: a class neither rater used is not a disagreement) ∈ [0, 1] */
  macroF1: Statistic;
  /** the classes (indices into EXPRESSIONS) either rater used on the common frames, ascending */
  classesPresent: number[];
}

export interface AuStatistics {
  /** frames where both have a value for this AU */
  commonFrames: number;
  /** binary F1 (present = positive) ∈ [0, 1]; undefined when neither marks the AU present (0/0) */
  f1: Statistic;
  /** Cohen's kappa ∈ [-1, 1] */
  kappa: Statistic;
}

export interface AuPairStatistics {
  /** per AU in ACTION_UNITS order */
  perAu: AuStatistics[];
  /** means of the defined per-AU values */
  meanF1: Statistic;
  meanKappa: Statistic;
}

function checkEqualLength(a: ArrayLike<unknown>, b: ArrayLike<unknown>): void {
  if (a.length !== b.length) throw new AffectscopeError('invalid-options', `expected frame tables of equal length, got ${a.length} and ${b.length}`);
}

/** The pairs of values on the frames where both have one. */
function common<T>(a: readonly T[], b: readonly T[]): Array<[NonNullable<T>, NonNullable<T>]> {
  checkEqualLength(a, b);
  const pairs: Array<[NonNullable<T>, NonNullable<T>]> = [];
  a.forEach((x, i) => {
    const y = b[i];
    if (x !== null && x !== undefined && y !== null && y !== undefined) pairs.push([x, y]);
  });
  return pairs;
}

/** Every statistic when fewer than minCommonFrames frames are covered by both. */
export function tooFew(frames: number, minCommonFrames: number): Statistic {
  return undefinedBecause(`${frames} frame${frames === 1 ? '' : 's'} both tracks cover; at least ${minCommonFrames} needed`);
}

function continuous(x: number[], y: number[], minCommonFrames: number): ContinuousAgreement {
  if (x.length < minCommonFrames) return { ccc: tooFew(x.length, minCommonFrames), pearson: tooFew(x.length, minCommonFrames), alpha: tooFew(x.length, minCommonFrames) };
  const ccc = concordanceCorrelation(x, y);
  return {
    ccc: Number.isNaN(ccc) ? undefinedBecause('both series are the same constant (no variance)') : defined(ccc),
    pearson: pearsonCorrelation(x, y),
    alpha: krippendorffAlpha(x.map((v, i) => [v, y[i]]), 'interval'),
  };
}

/** CCC, Pearson r and interval alpha of valence and of arousal over the frames where both tables have a value. */
export function vaAgreement(a: readonly FrameVa[], b: readonly FrameVa[], minCommonFrames = 2): VaPairStatistics {
  const pairs = common(a, b);
  const dimension = (key: 'valence' | 'arousal') => continuous(pairs.map(([x]) => x[key]), pairs.map(([, y]) => y[key]), minCommonFrames);
  return { commonFrames: pairs.length, valence: dimension('valence'), arousal: dimension('arousal') };
}

/** Accuracy, Cohen's kappa, nominal alpha and macro-F1 over the classes present, on the frames where both have a label. */
export function expressionAgreement(a: readonly FrameExpression[], b: readonly FrameExpression[], minCommonFrames = 2): ExpressionPairStatistics {
  const pairs = common(a, b);
  const [x, y] = [pairs.map(([p]) => p), pairs.map(([, q]) => q)];
  if (pairs.length < minCommonFrames) {
    const none = tooFew(pairs.length, minCommonFrames);
    return { commonFrames: pairs.length, accuracy: none, kappa: none, alpha: none, macroF1: none, classesPresent: [] };
  }
  const f1 = macroF1OverPresentClasses(x, y, EXPRESSIONS.length);
  return {
    commonFrames: pairs.length,
    accuracy: defined(accuracy(x, y)),
    kappa: cohensKappa(x, y, EXPRESSIONS.length),
    alpha: krippendorffAlpha(pairs, 'nominal'),
    macroF1: defined(f1.value),
    classesPresent: f1.classes,
  };
}

function auStatistics(x: Array<0 | 1>, y: Array<0 | 1>, minCommonFrames: number): AuStatistics {
  if (x.length < minCommonFrames) return { commonFrames: x.length, f1: tooFew(x.length, minCommonFrames), kappa: tooFew(x.length, minCommonFrames) };
  const anyPresent = x.includes(1) || y.includes(1);
  return {
    commonFrames: x.length,
    f1: anyPresent ? defined(f1Score(x, y)) : undefinedBecause('neither rater marked this AU present (F1 = 0/0)'),
    kappa: cohensKappa(x, y, 2),
  };
}

/** Binary F1 and Cohen's kappa per AU on the frames where both have a value for it, and their means over the defined ones. */
export function auAgreement(a: readonly FrameAus[], b: readonly FrameAus[], minCommonFrames = 2): AuPairStatistics {
  checkEqualLength(a, b);
  const perAu = ACTION_UNITS.map((_, au) => {
    const pairs = common(a.map((row) => row[au]), b.map((row) => row[au]));
    return auStatistics(pairs.map(([x]) => x), pairs.map(([, y]) => y), minCommonFrames);
  });
  return {
    perAu,
    meanF1: meanOfDefined(perAu.map((s) => s.f1), 'no AU has a defined F1'),
    meanKappa: meanOfDefined(perAu.map((s) => s.kappa), 'no AU has a defined kappa'),
  };
}
