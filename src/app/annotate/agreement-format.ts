/** Text for the agreement table: two decimals; "undefined" for a statistic the data leave undefined, "n/a" for too few frames. */
import { DEFAULT_AGREEMENT_OPTIONS, type Agreement } from '../../core/annotation';
import type { Statistic } from '../../core/metrics';

export interface StatisticText {
  /** "0.57", "undefined" or "n/a" */
  text: string;
  /** why it is undefined, for a title */
  reason?: string;
  /** data-value: the number, or "undefined" */
  dataValue: string;
}

export function statisticText(s: Statistic, commonFrames: number): StatisticText {
  if (s.value !== null) return { text: s.value.toFixed(2), dataValue: String(s.value) };
  // too few frames to compute anything is "not available"; a statistic the data make undefined says so
  const tooFew = commonFrames < DEFAULT_AGREEMENT_OPTIONS.minCommonFrames;
  return { text: tooFew ? 'n/a' : 'undefined', reason: s.reason, dataValue: 'undefined' };
}

/** Frames both tracks cover (for AUs, the most any AU has). */
export function commonFramesOf(row: Agreement): number {
  return row.kind === 'au' ? Math.max(...row.perAu.map((s) => s.commonFrames)) : row.commonFrames;
}
