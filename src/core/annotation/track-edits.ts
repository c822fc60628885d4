/**
 * Edits of a saved expression or AU track, as the session timeline makes them (select a segment,
 * drag a bound or the whole segment, delete it). Each returns a new track that the session store
 * accepts (sorted, not overlapping); the input is never changed.
 */
import { AffectscopeError } from '../errors';
import type { AuTrack, ExpressionTrack } from '../session/types';
import { moveSpan, moveSpanBound, removeSpan, type SpanBound, type SpanLimits } from './span-edits';
import { auTrackFromPresence, presentSpansPerAu } from './spans';

/**
 * One edit of one segment. `index` is the segment's index in ExpressionTrack.segments, or for an AU
 * track the index in AuTrack.toggles of a present toggle (absent stretches are not edited directly).
 */
export type SegmentEdit =
  | { op: 'move-bound'; index: number; bound: SpanBound; toMs: number }
  | { op: 'move'; index: number; deltaMs: number }
  | { op: 'delete'; index: number };

function applyToSpans<T extends { startMs: number; endMs: number }>(spans: readonly T[], edit: SegmentEdit, limits: SpanLimits): T[] {
  if (edit.op === 'move-bound') return moveSpanBound(spans, edit.index, edit.bound, edit.toMs, limits);
  if (edit.op === 'move') return moveSpan(spans, edit.index, edit.deltaMs, limits);
  return removeSpan(spans, edit.index);
}

/** The expression track after `edit`; a segment moves between its neighbours, never over them. */
export function editExpressionTrack(track: ExpressionTrack, edit: SegmentEdit, limits: SpanLimits): ExpressionTrack {
  return { ...track, segments: applyToSpans(track.segments, edit, limits) };
}

/**
 * The AU track after `edit` of the present span toggles[edit.index]: it moves between the other
 * present spans of the same AU; what it leaves (or a deleted span) becomes absent inside the span
 * the track covers, which widens if the span moves past it (addAuPresence's rule).
 */
export function editAuTrack(track: AuTrack, edit: SegmentEdit, limits: SpanLimits): AuTrack {
  const toggle = track.toggles[edit.index];
  if (!toggle?.present) {
    throw new AffectscopeError('invalid-options', `AU span index: expected the index of a present toggle, got ${edit.index}`);
  }
  const present = presentSpansPerAu(track.toggles);
  const own = present[toggle.au];
  present[toggle.au] = applyToSpans(own, { ...edit, index: own.indexOf(toggle) }, limits);
  return auTrackFromPresence(track.annotator, present, track.toggles);
}
