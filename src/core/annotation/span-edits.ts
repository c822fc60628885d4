/**
 * Edits of one annotator's spans on the media clock (ms): move a bound, move a whole span, delete one.
 * Spans are sorted by startMs and do not overlap before and after every edit: a bound stops at its
 * neighbour, at the session's ends and at the shortest span allowed. Pure; nothing is changed in place.
 */
import { AffectscopeError } from '../errors';

export interface TimeSpan {
  startMs: number;
  endMs: number;
}

/** Where an edited span may go. */
export interface SpanLimits {
  /** earliest start, ms (usually 0) */
  minMs: number;
  /** latest end, ms (usually the session's duration) */
  maxMs: number;
  /** shortest span an edit may leave, ms (> 0) */
  minLengthMs: number;
}

/** About two video frames at 30 fps: short enough to label a blink, long enough to grab on screen. */
export const DEFAULT_MIN_SPAN_MS = 50;

export function validateSpanLimits(limits: Partial<SpanLimits> & Pick<SpanLimits, 'maxMs'>): SpanLimits {
  const complete: SpanLimits = { minMs: 0, minLengthMs: DEFAULT_MIN_SPAN_MS, ...limits };
  const { minMs, maxMs, minLengthMs } = complete;
  if (!(Number.isFinite(minMs) && Number.isFinite(maxMs) && minMs <= maxMs)) {
    throw new AffectscopeError('invalid-options', `span limits: expected finite minMs ≤ maxMs, got [${minMs}, ${maxMs}]`);
  }
  if (!(minLengthMs > 0 && Number.isFinite(minLengthMs))) {
    throw new AffectscopeError('invalid-options', `minLengthMs: expected a length > 0 ms, got ${minLengthMs}`);
  }
  return complete;
}

export type SpanBound = 'start' | 'end';

const clamp = (x: number, lo: number, hi: number) => Math.min(Math.max(x, lo), hi);

function checkIndex(spans: readonly unknown[], index: number): void {
  if (!(Number.isInteger(index) && index >= 0 && index < spans.length)) {
    throw new AffectscopeError('invalid-options', `span index: expected an integer in [0, ${spans.length - 1}], got ${index}`);
  }
}

/** The room span `index` has: from its left neighbour's end (or minMs) to its right neighbour's start (or maxMs). */
function room(spans: readonly TimeSpan[], index: number, limits: SpanLimits): TimeSpan {
  return {
    startMs: Math.max(limits.minMs, index > 0 ? spans[index - 1].endMs : -Infinity),
    endMs: Math.min(limits.maxMs, index < spans.length - 1 ? spans[index + 1].startMs : Infinity),
  };
}

/**
 * Moves one bound of spans[index] to `toMs`, stopped by its neighbour (or the session's end) on the
 * outside and by minLengthMs from the other bound on the inside.
 */
export function moveSpanBound<T extends TimeSpan>(spans: readonly T[], index: number, bound: SpanBound, toMs: number, limits: SpanLimits): T[] {
  checkIndex(spans, index);
  const span = spans[index];
  const free = room(spans, index, limits);
  const moved = bound === 'start'
    ? { ...span, startMs: clamp(toMs, free.startMs, Math.max(free.startMs, span.endMs - limits.minLengthMs)) }
    : { ...span, endMs: clamp(toMs, Math.min(free.endMs, span.startMs + limits.minLengthMs), free.endMs) };
  return spans.map((s, i) => (i === index ? moved : s));
}

/** Shifts spans[index] by deltaMs (its length kept), stopped by its neighbours and the session's ends. */
export function moveSpan<T extends TimeSpan>(spans: readonly T[], index: number, deltaMs: number, limits: SpanLimits): T[] {
  checkIndex(spans, index);
  const span = spans[index];
  const free = room(spans, index, limits);
  const lengthMs = span.endMs - span.startMs;
  const startMs = clamp(span.startMs + deltaMs, free.startMs, Math.max(free.startMs, free.endMs - lengthMs));
  return spans.map((s, i) => (i === index ? { ...s, startMs, endMs: startMs + lengthMs } : s));
}

/** The spans without spans[index]. */
export function removeSpan<T extends TimeSpan>(spans: readonly T[], index: number): T[] {
  checkIndex(spans, index);
  return spans.filter((_, i) => i !== index);
}
