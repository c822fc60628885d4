import { describe, expect, it } from 'vitest';
import { validateSessionRecord } from '../session/validate';
import type { AnnotationTrack, AuTrack, ExpressionTrack } from '../session/types';
import { validateSpanLimits } from './span-edits';
import { addAuPresence } from './spans';
import { editAuTrack, editExpressionTrack } from './track-edits';

const LIMITS = validateSpanLimits({ maxMs: 5000 });

function expectStorable(track: AnnotationTrack): void {
  const session = { id: 's', name: '', createdAtIso: '2025-03-01T12:00:00.000Z', durationMs: 5000, media: { mimeType: 'video/webm', byteLength: 1 }, model: { id: 'm', name: '', trained: false }, frames: [], annotations: [track] };
  expect(validateSessionRecord(session, 'invalid-options').annotations[0]).toEqual(track);
}

const EXPRESSION: ExpressionTrack = {
  kind: 'expression',
  annotator: 'A',
  segments: [{ startMs: 1000, endMs: 2000, label: 4 }, { startMs: 2500, endMs: 3000, label: 0 }],
};

describe('editExpressionTrack', () => {
  it('moves a bound, moves a segment, deletes one; each result is storable', () => {
    const longer = editExpressionTrack(EXPRESSION, { op: 'move-bound', index: 0, bound: 'end', toMs: 2200 }, LIMITS);
    expect(longer.segments[0]).toEqual({ startMs: 1000, endMs: 2200, label: 4 });
    const moved = editExpressionTrack(EXPRESSION, { op: 'move', index: 0, deltaMs: 300 }, LIMITS);
    expect(moved.segments[0]).toEqual({ startMs: 1300, endMs: 2300, label: 4 });
    const gone = editExpressionTrack(EXPRESSION, { op: 'delete', index: 0 }, LIMITS);
    expect(gone.segments).toEqual([{ startMs: 2500, endMs: 3000, label: 0 }]);
    for (const t of [longer, moved, gone]) expectStorable(t);
    expect(EXPRESSION.segments[0]).toEqual({ startMs: 1000, endMs: 2000, label: 4 });
  });
  it('never moves a segment over the next one', () => {
    const moved = editExpressionTrack(EXPRESSION, { op: 'move', index: 0, deltaMs: 2000 }, LIMITS);
    expect(moved.segments[0]).toEqual({ startMs: 1500, endMs: 2500, label: 4 });
    expectStorable(moved);
  });
});

describe('editAuTrack', () => {
  // AU12 present [1000, 2000), AU1 present [1500, 3000): the track covers [1000, 3000)
  const track: AuTrack = addAuPresence(addAuPresence(undefined, 'A', 4, 1000, 2000), 'A', 0, 1500, 3000);
  const presentOf = (t: AuTrack, au: number) => t.toggles.filter((x) => x.au === au && x.present).map((x) => [x.startMs, x.endMs]);
  const absentOf = (t: AuTrack, au: number) => t.toggles.filter((x) => x.au === au && !x.present).map((x) => [x.startMs, x.endMs]);
  const au12 = track.toggles.findIndex((t) => t.au === 4 && t.present);

  it('moves a present span; what it leaves becomes absent and the covered span widens to it', () => {
    const moved = editAuTrack(track, { op: 'move', index: au12, deltaMs: 1500 }, LIMITS);
    expect(presentOf(moved, 4)).toEqual([[2500, 3500]]);
    expect(absentOf(moved, 4)).toEqual([[1000, 2500]]);
    expect(absentOf(moved, 0)).toEqual([[1000, 1500], [3000, 3500]]);
    expectStorable(moved);
  });
  it('moves a bound of a present span', () => {
    const shorter = editAuTrack(track, { op: 'move-bound', index: au12, bound: 'start', toMs: 1200 }, LIMITS);
    expect(presentOf(shorter, 4)).toEqual([[1200, 2000]]);
    expect(absentOf(shorter, 4)).toEqual([[1000, 1200], [2000, 3000]]);
    expectStorable(shorter);
  });
  it('deletes a present span: the AU is absent there, the covered span stays', () => {
    const gone = editAuTrack(track, { op: 'delete', index: au12 }, LIMITS);
    expect(presentOf(gone, 4)).toEqual([]);
    expect(absentOf(gone, 4)).toEqual([[1000, 3000]]);
    expect(presentOf(gone, 0)).toEqual([[1500, 3000]]);
    expectStorable(gone);
  });
  it('refuses to edit an absent stretch', () => {
    const absent = track.toggles.findIndex((t) => !t.present);
    expect(() => editAuTrack(track, { op: 'delete', index: absent }, LIMITS)).toThrow(/expected the index of a present toggle/);
  });
});
