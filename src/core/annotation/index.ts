export {
  clampVa,
  padPixelToVa,
  vaToPadPixel,
  moveByStick,
  validateStickOptions,
  DEFAULT_STICK_OPTIONS,
  VA_ORIGIN,
  type VaPoint,
  type PadPixelPoint,
  type StickOptions,
} from './va-cursor';
export { VaSampler, mergeVaTrack, validateVaSamplerOptions, DEFAULT_VA_SAMPLER_OPTIONS, type VaSamplerOptions } from './va-sampler';
export { insertSpan, addExpressionSegment, addAuPresence, auTrackFromPresence, presentSpansPerAu } from './spans';
export { moveSpanBound, moveSpan, removeSpan, validateSpanLimits, DEFAULT_MIN_SPAN_MS, type TimeSpan, type SpanLimits, type SpanBound } from './span-edits';
export { editExpressionTrack, editAuTrack, type SegmentEdit } from './track-edits';
export { replaceVaRange } from './va-edits';
export { emptyUndoStack, pushEdit, popEdit, peekEdit, DEFAULT_UNDO_LIMIT, type TrackEdit, type UndoStack } from './undo';
export { sessionGroupAgreement, type GroupAgreement } from './group';
export { vaAgreement, expressionAgreement, auAgreement, type ContinuousAgreement, type AuStatistics } from './pairwise';
export {
  sessionAgreement,
  raterName,
  validateAgreementOptions,
  DEFAULT_AGREEMENT_OPTIONS,
  type Agreement,
  type AgreementOptions,
  type VaAgreement,
  type ExpressionAgreement,
  type AuAgreement,
  type Rater,
} from './agreement';
