import { describe, expect, it } from 'vitest';
import { validateSessionRecord } from '../session/validate';
import type { AnnotationTrack } from '../session/types';
import { addAuPresence, addExpressionSegment, insertSpan } from './spans';

function expectStorable(track: AnnotationTrack): void {
  const session = { id: 's', name: '', createdAtIso: '2025-03-01T12:00:00.000Z', durationMs: 1000, media: { mimeType: 'video/webm', byteLength: 1 }, model: { id: 'm', name: '', trained: false }, frames: [], annotations: [track] };
  expect(validateSessionRecord(session, 'invalid-options').annotations[0]).toEqual(track);
}

describe('insertSpan', () => {
  const spans = [{ startMs: 0, endMs: 100, label: 0 }, { startMs: 100, endMs: 300, label: 1 }, { startMs: 400, endMs: 500, label: 2 }];
  it('cuts what the new span covers from earlier spans, keeping both ends of a span it lies inside', () => {
    expect(insertSpan(spans, { startMs: 150, endMs: 200, label: 9 })).toEqual([
      { startMs: 0, endMs: 100, label: 0 },
      { startMs: 100, endMs: 150, label: 1 },
      { startMs: 150, endMs: 200, label: 9 },
      { startMs: 200, endMs: 300, label: 1 },
      { startMs: 400, endMs: 500, label: 2 },
    ]);
  });
  it('removes spans it covers whole and trims those it overlaps', () => {
    expect(insertSpan(spans, { startMs: 50, endMs: 450, label: 9 })).toEqual([
      { startMs: 0, endMs: 50, label: 0 },
      { startMs: 50, endMs: 450, label: 9 },
      { startMs: 450, endMs: 500, label: 2 },
    ]);
  });
});

describe('addExpressionSegment', () => {
  it('starts a track, relabels an overlapping stretch, and the result is a storable track', () => {
    const first = addExpressionSegment(undefined, 'Ann', { startMs: 0, endMs: 1000, label: 0 });
    const second = addExpressionSegment(first, 'Ann', { startMs: 400, endMs: 600, label: 4 });
    expect(second.segments).toEqual([{ startMs: 0, endMs: 400, label: 0 }, { startMs: 400, endMs: 600, label: 4 }, { startMs: 600, endMs: 1000, label: 0 }]);
    expect(first.segments).toHaveLength(1); // not mutated
    expectStorable(second);
  });
  it('drops a segment that ends at or before its start (sought back while it was open)', () => {
    const track = addExpressionSegment(undefined, 'Ann', { startMs: 500, endMs: 200, label: 1 });
    expect(track.segments).toEqual([]);
  });
  it('rejects a label outside the 7 expressions', () => {
    expect(() => addExpressionSegment(undefined, 'Ann', { startMs: 0, endMs: 1, label: 7 })).toThrow(/\[0, 6\], got 7/);
  });
});

describe('addAuPresence', () => {
  it('one span: that AU present, the other 7 absent over the same span', () => {
    const track = addAuPresence(undefined, 'Ann', 4, 100, 300);
    expect(track.toggles).toHaveLength(8);
    expect(track.toggles.filter((t) => t.present)).toEqual([{ startMs: 100, endMs: 300, au: 4, present: true }]);
    expect(track.toggles.filter((t) => !t.present).map((t) => [t.au, t.startMs, t.endMs])).toEqual([0, 1, 2, 3, 5, 6, 7].map((au) => [au, 100, 300]));
    expectStorable(track);
  });
  it('a later span widens the coded range: gaps between present spans become absent', () => {
    const track = addAuPresence(addAuPresence(undefined, 'Ann', 4, 100, 300), 'Ann', 0, 500, 700);
    const au = (index: number) => track.toggles.filter((t) => t.au === index).map((t) => [t.startMs, t.endMs, t.present]);
    expect(au(4)).toEqual([[100, 300, true], [300, 700, false]]);
    expect(au(0)).toEqual([[100, 500, false], [500, 700, true]]);
    expect(au(7)).toEqual([[100, 700, false]]);
    expectStorable(track);
  });
  it('re-marking inside or next to a present span keeps one joined span; a span ending before it starts is dropped', () => {
    const once = addAuPresence(undefined, 'Ann', 2, 0, 400);
    const twice = addAuPresence(addAuPresence(once, 'Ann', 2, 100, 200), 'Ann', 2, 400, 450);
    expect(twice.toggles.filter((t) => t.au === 2)).toEqual([{ startMs: 0, endMs: 450, au: 2, present: true }]);
    expectStorable(twice);
    expect(addAuPresence(once, 'Ann', 2, 300, 300)).toEqual(once);
  });
});
