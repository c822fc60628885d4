import { AffectscopeError } from '../errors';
import { ACTION_UNITS, EXPRESSIONS } from '../labels';
import type { AuToggle, AuTrack, ExpressionSegment, ExpressionTrack } from '../session/types';

interface Span {
  startMs: number;
  endMs: number;
}

/**
 * Puts `span` into spans sorted by startMs and not overlapping: the parts of earlier spans that it
 * covers are cut away (later replaces earlier), the parts before and after it are kept.
 */
export function insertSpan<T extends Span>(spans: readonly T[], span: T): T[] {
  const result: T[] = [];
  for (const s of spans) {
    if (s.endMs <= span.startMs || s.startMs >= span.endMs) { result.push(s); continue; }
    if (s.startMs < span.startMs) result.push({ ...s, endMs: span.startMs });
    if (s.endMs > span.endMs) result.push({ ...s, startMs: span.endMs });
  }
  result.push(span);
  return result.sort((a, b) => a.startMs - b.startMs);
}

function checkSpan(startMs: number, endMs: number, what: string): void {
  if (!(Number.isFinite(startMs) && startMs >= 0 && Number.isFinite(endMs))) {
    throw new AffectscopeError('invalid-options', `${what}: expected finite times ≥ 0 ms, got [${startMs}, ${endMs})`);
  }
}

/**
 * Adds the expression segment [startMs, endMs) to the annotator's track (a new one when
 * `previous` is undefined). A segment ending at or before its start (the video was sought back
 * while it was open) is dropped: the track comes back unchanged.
 */
export function addExpressionSegment(previous: ExpressionTrack | undefined, annotator: string, segment: ExpressionSegment): ExpressionTrack {
  checkSpan(segment.startMs, segment.endMs, 'expression segment');
  if (!(Number.isInteger(segment.label) && segment.label >= 0 && segment.label < EXPRESSIONS.length)) {
    throw new AffectscopeError('invalid-options', `expression label: expected an index in [0, ${EXPRESSIONS.length - 1}], got ${segment.label}`);
  }
  const segments = previous?.segments ?? [];
  if (segment.endMs <= segment.startMs) return { kind: 'expression', annotator, segments: segments.slice() };
  return { kind: 'expression', annotator, segments: insertSpan(segments, { ...segment }) };
}

/**
 * Marks action unit `au` present over [startMs, endMs) in the annotator's AU track. An annotator
 * who codes AUs codes all 8: inside the span the track covers (its earliest start to its latest
 * end), every stretch of an AU not marked present is stored as absent, so F1 has negatives to
 * count; outside it the AUs have no value. A span ending at or before its start is dropped.
 */
export function addAuPresence(previous: AuTrack | undefined, annotator: string, au: number, startMs: number, endMs: number): AuTrack {
  checkSpan(startMs, endMs, 'AU span');
  if (!(Number.isInteger(au) && au >= 0 && au < ACTION_UNITS.length)) {
    throw new AffectscopeError('invalid-options', `au: expected an index in [0, ${ACTION_UNITS.length - 1}], got ${au}`);
  }
  const toggles = previous?.toggles ?? [];
  if (endMs <= startMs) return { kind: 'au', annotator, toggles: toggles.slice() };
  const present = presentSpansPerAu(toggles);
  present[au] = insertSpan(present[au], { startMs, endMs, au, present: true });
  return auTrackFromPresence(annotator, present, toggles);
}

/** The present toggles of each AU (ACTION_UNITS order), each list sorted by startMs. */
export function presentSpansPerAu(toggles: readonly AuToggle[]): AuToggle[][] {
  return ACTION_UNITS.map((_, index) => toggles.filter((t) => t.au === index && t.present));
}

/**
 * An AU track from the present spans of each AU: the covered span is the one `previousToggles`
 * covered widened to the new spans, and every stretch of it where an AU is not present is stored
 * as absent (see addAuPresence). Touching present spans are joined.
 */
export function auTrackFromPresence(annotator: string, presentPerAu: readonly AuToggle[][], previousToggles: readonly AuToggle[]): AuTrack {
  const present = presentPerAu.map((spans) => coalesce([...spans].sort((a, b) => a.startMs - b.startMs)));
  const every = [...previousToggles, ...present.flat()];
  if (every.length === 0) return { kind: 'au', annotator, toggles: [] };
  const coverStartMs = Math.min(...every.map((t) => t.startMs));
  const coverEndMs = Math.max(...every.map((t) => t.endMs));
  const all: AuToggle[] = present.flatMap((spans, index) => [...spans, ...absentGaps(spans, index, coverStartMs, coverEndMs)]);
  all.sort((a, b) => a.startMs - b.startMs || a.au - b.au);
  return { kind: 'au', annotator, toggles: all };
}

/** Joins touching spans (sorted, not overlapping) into one. */
function coalesce(spans: AuToggle[]): AuToggle[] {
  const joined: AuToggle[] = [];
  for (const s of spans) {
    const last = joined[joined.length - 1];
    if (last && last.endMs >= s.startMs) joined[joined.length - 1] = { ...last, endMs: Math.max(last.endMs, s.endMs) };
    else joined.push(s);
  }
  return joined;
}

/** The stretches of [coverStartMs, coverEndMs) that no present span of `au` covers, as absent toggles. */
function absentGaps(present: readonly AuToggle[], au: number, coverStartMs: number, coverEndMs: number): AuToggle[] {
  const gaps: AuToggle[] = [];
  let cursorMs = coverStartMs;
  for (const s of present) {
    if (s.startMs > cursorMs) gaps.push({ startMs: cursorMs, endMs: s.startMs, au, present: false });
    cursorMs = Math.max(cursorMs, s.endMs);
  }
  if (coverEndMs > cursorMs) gaps.push({ startMs: cursorMs, endMs: coverEndMs, au, present: false });
  return gaps;
}
