/**
 * Reliability of three or more annotators at once: Krippendorff's alpha over every annotator of a kind
 * (any number of raters, missing values allowed; Krippendorff 2011). Two annotators are already a pair
 * row of sessionAgreement; the model is left out, since this is the human raters' reliability.
 */
import { AffectscopeError } from '../errors';
import { ACTION_UNITS } from '../labels';
import { krippendorffAlpha, meanOfDefined, type KrippendorffLevel, type Statistic } from '../metrics';
import type { AnnotationKind, SessionRecord } from '../session/types';
import { ratedTables, validateAgreementOptions, type AgreementOptions, type RatedTables, type Rater } from './agreement';
import { tooFew } from './pairwise';

interface GroupBase {
  raters: Rater[];
  /** frames with values from at least two of the raters (alpha's pairable units); for AUs, the most any AU has */
  pairableFrames: number;
}

export type GroupAgreement =
  | ({ kind: 'va'; valenceAlpha: Statistic; arousalAlpha: Statistic } & GroupBase)
  | ({ kind: 'expression'; alpha: Statistic } & GroupBase)
  | ({ kind: 'au'; perAuAlpha: Statistic[]; meanAlpha: Statistic } & GroupBase);

/** Alpha over units (one per frame: each rater's value or null), undefined when fewer than minCommonFrames are pairable. */
function alphaOver(units: Array<Array<number | null>>, level: KrippendorffLevel, minCommonFrames: number): { alpha: Statistic; pairableFrames: number } {
  const pairableFrames = units.filter((u) => u.filter((v) => v !== null).length >= 2).length;
  return { alpha: pairableFrames < minCommonFrames ? tooFew(pairableFrames, minCommonFrames) : krippendorffAlpha(units, level), pairableFrames };
}

function groupRow(kind: AnnotationKind, group: RatedTables[], minCommonFrames: number): GroupAgreement {
  const raters = group.map((g) => g.rater);
  const frames = (group[0][kind] ?? []).length;
  const units = <T>(value: (g: RatedTables, frame: number) => T | null) => Array.from({ length: frames }, (_, k) => group.map((g) => value(g, k)));
  if (kind === 'va') {
    const valence = alphaOver(units((g, k) => g.va![k]?.valence ?? null), 'interval', minCommonFrames);
    const arousal = alphaOver(units((g, k) => g.va![k]?.arousal ?? null), 'interval', minCommonFrames);
    return { kind, raters, pairableFrames: valence.pairableFrames, valenceAlpha: valence.alpha, arousalAlpha: arousal.alpha };
  }
  if (kind === 'expression') {
    const { alpha, pairableFrames } = alphaOver(units((g, k) => g.expression![k]), 'nominal', minCommonFrames);
    return { kind, raters, pairableFrames, alpha };
  }
  const perAu = ACTION_UNITS.map((_, au) => alphaOver(units((g, k) => g.au![k][au]), 'nominal', minCommonFrames));
  const perAuAlpha = perAu.map((a) => a.alpha);
  return { kind, raters, pairableFrames: Math.max(...perAu.map((a) => a.pairableFrames)), perAuAlpha, meanAlpha: meanOfDefined(perAuAlpha, 'no AU has a defined alpha') };
}

/** One row per kind that at least minAnnotators (≥ 3) annotators rated, in the order va, expression, au. */
export function sessionGroupAgreement(session: Pick<SessionRecord, 'durationMs' | 'frames' | 'annotations'>, options: Partial<AgreementOptions> = {}, minAnnotators = 3): GroupAgreement[] {
  const o = validateAgreementOptions(options);
  if (!(Number.isInteger(minAnnotators) && minAnnotators >= 2)) throw new AffectscopeError('invalid-options', `minAnnotators: expected an integer ≥ 2, got ${minAnnotators}`);
  const annotators = ratedTables(session, o).filter((r) => r.rater.source === 'annotator');
  const kinds: AnnotationKind[] = ['va', 'expression', 'au'];
  return kinds.flatMap((kind) => {
    const group = annotators.filter((r) => r[kind] !== undefined);
    return group.length >= minAnnotators ? [groupRow(kind, group, o.minCommonFrames)] : [];
  });
}
