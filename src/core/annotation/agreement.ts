import { AffectscopeError } from '../errors';
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
import type { AnnotationKind, SessionModel, SessionRecord } from '../session/types';
import { withDefaults } from './options';
import { auAgreement, expressionAgreement, vaAgreement, type AuPairStatistics, type ExpressionPairStatistics, type VaPairStatistics } from './pairwise';

/** Who produced a set of labels: the session's model, or a named annotator. */
export type Rater = { source: 'model' } | { source: 'annotator'; name: string };

interface Pair {
  a: Rater;
  b: Rater;
}

/** CCC, Pearson r and interval alpha per dimension (pairwise.ts). */
export type VaAgreement = { kind: 'va' } & Pair & VaPairStatistics;
/** Accuracy, Cohen's kappa, nominal alpha, macro-F1 over the classes present (pairwise.ts). */
export type ExpressionAgreement = { kind: 'expression' } & Pair & ExpressionPairStatistics;
/** Per-AU F1 and Cohen's kappa, and their means (pairwise.ts). */
export type AuAgreement = { kind: 'au' } & Pair & AuPairStatistics;

export type Agreement = VaAgreement | ExpressionAgreement | AuAgreement;

export interface AgreementOptions {
  /** the video frame grid the labels are compared on, Hz (Aff-Wild2 videos are 30 fps) */
  frameRateHz: number;
  /** model AU probability ≥ this counts as present, ∈ [0, 1]; null: the session's model's own thresholds (else 0.5) */
  auThreshold: number | null;
  /** fewer common frames than this leave every statistic undefined; ≥ 2, since CCC needs a spread */
  minCommonFrames: number;
}

export const DEFAULT_AGREEMENT_OPTIONS: Readonly<AgreementOptions> = Object.freeze({ frameRateHz: 30, auThreshold: null, minCommonFrames: 2 });

export function validateAgreementOptions(options: Partial<AgreementOptions> = {}): AgreementOptions {
  const merged = withDefaults(DEFAULT_AGREEMENT_OPTIONS, options);
  if (!(merged.frameRateHz > 0 && Number.isFinite(merged.frameRateHz))) throw new AffectscopeError('invalid-options', `frameRateHz: expected a rate > 0, got ${merged.frameRateHz}`);
  if (merged.auThreshold !== null && !(merged.auThreshold >= 0 && merged.auThreshold <= 1)) throw new AffectscopeError('invalid-options', `auThreshold: expected a probability in [0, 1], got ${merged.auThreshold}`);
  if (!(Number.isInteger(merged.minCommonFrames) && merged.minCommonFrames >= 2)) {
    throw new AffectscopeError('invalid-options', `minCommonFrames: expected an integer ≥ 2, got ${merged.minCommonFrames}`);
  }
  return { frameRateHz: merged.frameRateHz, auThreshold: merged.auThreshold, minCommonFrames: merged.minCommonFrames };
}

/** One rater's tables on the video frames; a kind is absent when the rater has no track of it. */
export interface RatedTables {
  rater: Rater;
  va?: FrameVa[];
  expression?: FrameExpression[];
  au?: FrameAus[];
}

/** The model's tables (predictionsOnFrames), then each annotator's in the order their tracks are listed, on uniformFrameTimesMs(durationMs). */
export function ratedTables(
  session: Pick<SessionRecord, 'durationMs' | 'frames' | 'annotations'> & { model?: Pick<SessionModel, 'actionUnitThresholds'> },
  o: AgreementOptions,
): RatedTables[] {
  const frameTimesMs = uniformFrameTimesMs(session.durationMs, o.frameRateHz);
  const model = predictionsOnFrames(session.frames, frameTimesMs, o.auThreshold ?? session.model?.actionUnitThresholds);
  const annotators = new Map<string, RatedTables>();
  for (const track of session.annotations) {
    const entry = annotators.get(track.annotator) ?? { rater: { source: 'annotator', name: track.annotator } };
    if (track.kind === 'va') entry.va = vaTrackOnFrames(track, frameTimesMs);
    else if (track.kind === 'expression') entry.expression = expressionTrackOnFrames(track, frameTimesMs);
    else entry.au = auTrackOnFrames(track, frameTimesMs);
    annotators.set(track.annotator, entry);
  }
  return [{ rater: { source: 'model' }, va: model.va, expression: model.expression, au: model.au }, ...annotators.values()];
}

/**
 * Agreement on the session's video frames (uniformFrameTimesMs over durationMs): for each kind,
 * the model against every annotator with a track of that kind, then every pair of annotators in
 * the order their tracks are listed. Model outputs go through predictionsOnFrames.
 */
export function sessionAgreement(session: Pick<SessionRecord, 'durationMs' | 'frames' | 'annotations'>, options: Partial<AgreementOptions> = {}): Agreement[] {
  const o = validateAgreementOptions(options);
  const raters = ratedTables(session, o);
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
