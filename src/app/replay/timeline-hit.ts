/** Which segment, and which part of it, a pointer at a media time is on. Pure; times in ms. */
import type { SpanBound, TimeSpan } from '../../core/annotation';

export type SegmentPart = SpanBound | 'body';

export interface SegmentHit {
  /** index into the spans given */
  index: number;
  part: SegmentPart;
}

/**
 * The segment under `timeMs`. Inside a span, the outer third on each side (at most toleranceMs)
 * grabs that bound and the rest the body; outside every span, the nearest bound within
 * toleranceMs (the pointer's slop, usually a few pixels in ms). Null when nothing is that close.
 * @param spans sorted by startMs, not overlapping
 */
export function hitSegment(spans: readonly TimeSpan[], timeMs: number, toleranceMs: number): SegmentHit | null {
  for (let index = 0; index < spans.length; index++) {
    const { startMs, endMs } = spans[index];
    if (timeMs < startMs || timeMs >= endMs) continue;
    const zoneMs = Math.min(toleranceMs, (endMs - startMs) / 3);
    if (timeMs - startMs <= zoneMs) return { index, part: 'start' };
    if (endMs - timeMs <= zoneMs) return { index, part: 'end' };
    return { index, part: 'body' };
  }
  let best: SegmentHit | null = null;
  let bestMs = toleranceMs;
  spans.forEach(({ startMs, endMs }, index) => {
    const toStart = Math.abs(timeMs - startMs);
    const toEnd = Math.abs(timeMs - endMs);
    if (toStart <= bestMs) { best = { index, part: 'start' }; bestMs = toStart; }
    if (toEnd <= bestMs) { best = { index, part: 'end' }; bestMs = toEnd; }
  });
  return best;
}
