import { AffectscopeError } from '../errors';
import { ACTION_UNITS, EXPRESSIONS } from '../labels';
import { concordanceCorrelation, f1Score, macroF1 } from '../metrics';
import { uniformFrameTimesMs } from '../session/align';
import {
  auTrackOnFrames,
  expressionTrackOnFrames,
  predictionsOnFrames,
  vaTrackOnFrames,
  type FrameAus,
  type FrameExpression,
  type FrameVa,
} from '../session/frame-tables';
import type { AnnotationKind, SessionRecord } from '../session/types';
import { withDefaults } from './options';

/** Who produced a set of labels: the session's model, or a named annotator. */
export type Rater = { source: 'model' } | { source: 'annotator'; name: string };

export interface VaAgreement {
  kind: 'va';
  a: Rater;
  b: Rater;
  /** frames where both have a value */
  commonFrames: number;
  /** CCC over the common frames ∈ [-1, 1]; null: fewer than minCommonFrames, or undefined (both the same constant) */
  valenceCcc: number | null;
  arousalCcc: number | null;
}

export interface ExpressionAgreement {
  kind: 'expression';
  a: Rater;
  b: Rater;
  commonFrames: number;
  /** F1 averaged over all 7 expressions (a class neither uses counts 0, as in the paper's metric) ∈ [0, 1]; null: too few common frames */
  macroF1: number | null;
}

export interface AuAgreement {
  kind: 'au';
  a: Rater;
  b: Rater;
  /** per AU in ACTION_UNITS order: frames where both have a value for that AU */
  commonFrames: number[];
  /** per AU binary F1 ∈ [0, 1]; null where that AU has too few common frames */
  perAuF1: Array<number | null>;
  /** mean of the non-null per-AU F1; null when all are null */
  meanF1: number | null;
}

export type Agreement = VaAgreement | ExpressionAgreement | AuAgreement;

export interface AgreementOptions {
  /** the video frame grid the labels are compared on, Hz (Aff-Wild2 videos are 30 fps) */
  frameRateHz: number;
  /** model AU probability ≥ this counts as present, ∈ [0, 1] */
  auThreshold: number;
  /** fewer common frames than this give null ("n/a"); ≥ 2, since CCC needs a spread */
  minCommonFrames: number;
}

export const DEFAULT_AGREEMENT_OPTIONS: Readonly<AgreementOptions> = Object.freeze({ frameRateHz: 30, auThreshold: 0.5, minCommonFrames: 2 });

export function validateAgreementOptions(options: Partial<AgreementOptions> = {}): AgreementOptions {
  const merged = withDefaults(DEFAULT_AGREEMENT_OPTIONS, options);
  if (!(merged.frameRateHz > 0 && Number.isFinite(merged.frameRateHz))) throw new AffectscopeError('invalid-options', `frameRateHz: expected a rate > 0, got ${merged.frameRateHz}`);
  if (!(merged.auThreshold >= 0 && merged.auThreshold <= 1)) throw new AffectscopeError('invalid-options', `auThreshold: expected a probability in [0, 1], got ${merged.auThreshold}`);
  if (!(Number.isInteger(merged.minCommonFrames) && merged.minCommonFrames >= 2)) {
    throw new AffectscopeError('invalid-options', `minCommonFrames: expected an integer ≥ 2, got ${merged.minCommonFrames}`);
  }
  return { frameRateHz: merged.frameRateHz, auThreshold: merged.auThreshold, minCommonFrames: merged.minCommonFrames };
}

function cccOrNull(x: number[], y: number[], minCommonFrames: number): number | null {
  if (x.length < minCommonFrames) return null;
  const ccc = concordanceCorrelation(x, y);
  return Number.isNaN(ccc) ? null : ccc;
}

/** CCC of valence and of arousal over the frames where both tables have a value. */
export function vaAgreement(a: readonly FrameVa[], b: readonly FrameVa[], minCommonFrames = 2): { commonFrames: number; valenceCcc: number | null; arousalCcc: number | null } {
  checkEqualLength(a, b);
  const va: number[] = [], vb: number[] = [], aa: number[] = [], ab: number[] = [];
  a.forEach((x, i) => {
    const y = b[i];
    if (!x || !y) return;
    va.push(x.valence); vb.push(y.valence); aa.push(x.arousal); ab.push(y.arousal);
  });
  return { commonFrames: va.length, valenceCcc: cccOrNull(va, vb, minCommonFrames), arousalCcc: cccOrNull(aa, ab, minCommonFrames) };
}

/** Macro F1 over the 7 expressions on the frames where both have a label (`a` as prediction, `b` as truth; the value is symmetric). */
export function expressionAgreement(a: readonly FrameExpression[], b: readonly FrameExpression[], minCommonFrames = 2): { commonFrames: number; macroF1: number | null } {
  checkEqualLength(a, b);
  const pa: number[] = [], pb: number[] = [];
  a.forEach((x, i) => {
    const y = b[i];
    if (x === null || y === null) return;
    pa.push(x); pb.push(y);
  });
  return { commonFrames: pa.length, macroF1: pa.length < minCommonFrames ? null : macroF1(pa, pb, EXPRESSIONS.length) };
}

/** Binary F1 per AU on the frames where both have a value for it, and their mean. */
export function auAgreement(a: readonly FrameAus[], b: readonly FrameAus[], minCommonFrames = 2): { commonFrames: number[]; perAuF1: Array<number | null>; meanF1: number | null } {
  checkEqualLength(a, b);
  const commonFrames: number[] = [];
  const perAuF1 = ACTION_UNITS.map((_, au) => {
    const pa: Array<0 | 1> = [], pb: Array<0 | 1> = [];
    a.forEach((row, i) => {
      const x = row[au], y = b[i][au];
      if (x === null || y === null) return;
      pa.push(x); pb.push(y);
    });
    commonFrames.push(pa.length);
    return pa.length < minCommonFrames ? null : f1Score(pa, pb);
  });
  const known = perAuF1.filter((f): f is number => f !== null);
  return { commonFrames, perAuF1, meanF1: known.length === 0 ? null : known.reduce((s, f) => s + f, 0) / known.length };
}

function checkEqualLength(a: ArrayLike<unknown>, b: ArrayLike<unknown>): void {
  if (a.length !== b.length) throw new AffectscopeError('invalid-options', `expected frame tables of equal length, got ${a.length} and ${b.length}`);
}

interface RatedTables {
  rater: Rater;
  va?: FrameVa[];
  expression?: FrameExpression[];
  au?: FrameAus[];
}

/**
 * Agreement on the session's video frames (uniformFrameTimesMs over durationMs): for each kind,
 * the model against every annotator with a track of that kind, then every pair of annotators in
 * the order their tracks are listed. Model outputs go through predictionsOnFrames.
 */
export function sessionAgreement(session: Pick<SessionRecord, 'durationMs' | 'frames' | 'annotations'>, options: Partial<AgreementOptions> = {}): Agreement[] {
  const o = validateAgreementOptions(options);
  const frameTimesMs = uniformFrameTimesMs(session.durationMs, o.frameRateHz);
  const model = predictionsOnFrames(session.frames, frameTimesMs, o.auThreshold);
  const annotators = new Map<string, RatedTables>();
  for (const track of session.annotations) {
    const entry = annotators.get(track.annotator) ?? { rater: { source: 'annotator', name: track.annotator } };
    if (track.kind === 'va') entry.va = vaTrackOnFrames(track, frameTimesMs);
    else if (track.kind === 'expression') entry.expression = expressionTrackOnFrames(track, frameTimesMs);
    else entry.au = auTrackOnFrames(track, frameTimesMs);
    annotators.set(track.annotator, entry);
  }
  const raters: RatedTables[] = [{ rater: { source: 'model' }, ...model }, ...annotators.values()];
  const result: Agreement[] = [];
  const kinds: AnnotationKind[] = ['va', 'expression', 'au'];
  for (const kind of kinds) {
    const withKind = raters.filter((r) => r[kind] !== undefined);
    for (let i = 0; i < withKind.length; i++) {
      for (let j = i + 1; j < withKind.length; j++) {
        const [x, y] = [withKind[i], withKind[j]];
        const pair = { a: x.rater, b: y.rater };
        if (kind === 'va') result.push({ kind, ...pair, ...vaAgreement(x.va!, y.va!, o.minCommonFrames) });
        else if (kind === 'expression') result.push({ kind, ...pair, ...expressionAgreement(x.expression!, y.expression!, o.minCommonFrames) });
        else result.push({ kind, ...pair, ...auAgreement(x.au!, y.au!, o.minCommonFrames) });
      }
    }
  }
  return result;
}

/** "model" or the annotator's name, for tables. */
export function raterName(rater: Rater): string {
  return rater.source === 'model' ? 'model' : rater.name;
}
