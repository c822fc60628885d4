import { describe, expect, it } from 'vitest';
import { addAuPresence, validateSpanLimits } from '../../core/annotation';
import type { ExpressionTrack } from '../../core/session';
import { describeAuHeat, describeExpressionRuns, describeVa } from './timeline-describe';
import { applySegmentEdit, describeSegmentEdit, laneRows, laneSegments, segmentAt } from './timeline-segments';

const LIMITS = validateSpanLimits({ maxMs: 5000 });
const EXPRESSION: ExpressionTrack = { kind: 'expression', annotator: 'A', segments: [{ startMs: 1000, endMs: 2000, label: 4 }, { startMs: 3000, endMs: 3500, label: 6 }] };

describe('timeline segments', () => {
  it('lays out expression segments on one row in their class colours', () => {
    expect(laneRows(EXPRESSION)).toBe(1);
    expect(laneSegments(EXPRESSION)).toEqual([
      { index: 0, row: 0, startMs: 1000, endMs: 2000, colour: '#ffd54f', name: 'Happiness' },
      { index: 1, row: 0, startMs: 3000, endMs: 3500, colour: '#ff8fd1', name: 'Surprise' },
    ]);
  });
  it('lays out AU present spans one row per AU, indexed by their toggle, absent stretches not drawn', () => {
    const au = addAuPresence(addAuPresence(undefined, 'A', 4, 1000, 2000), 'A', 0, 1500, 2500);
    expect(laneRows(au)).toBe(8);
    const spans = laneSegments(au);
    expect(spans.map((s) => [s.name, s.row, s.startMs, s.endMs])).toEqual([['AU12', 4, 1000, 2000], ['AU1', 0, 1500, 2500]]);
    for (const s of spans) expect(au.toggles[s.index]).toMatchObject({ present: true, startMs: s.startMs, endMs: s.endMs });
  });
  it('applies an edit and finds the edited segment again', () => {
    const moved = applySegmentEdit(EXPRESSION, { op: 'move', index: 0, deltaMs: 500 }, LIMITS);
    expect(moved.segments[0]).toEqual({ startMs: 1500, endMs: 2500, label: 4 });
    expect(segmentAt(moved, 0, 2000)?.index).toBe(0);
    expect(segmentAt(moved, 0, 2700)).toBeNull();
    const au = addAuPresence(undefined, 'A', 4, 1000, 2000);
    const index = au.toggles.findIndex((t) => t.present);
    const shifted = applySegmentEdit(au, { op: 'move', index, deltaMs: 1000 }, LIMITS);
    expect(segmentAt(shifted, 4, 2500)).toMatchObject({ startMs: 2000, endMs: 3000, name: 'AU12' });
  });
  it('describes an edit for the Undo button', () => {
    const [segment] = laneSegments(EXPRESSION);
    expect(describeSegmentEdit(segment, { op: 'delete', index: 0 })).toBe('delete Happiness 1.0–2.0 s');
    expect(describeSegmentEdit(segment, { op: 'move-bound', index: 0, bound: 'end', toMs: 2500 })).toBe('resize (end) Happiness 1.0–2.0 s');
  });
});

describe('timeline text alternatives', () => {
  const view = { startMs: 0, endMs: 2000 };
  it('says what each canvas shows, with numbers', () => {
    expect(describeVa('model', view, [{ valence: 0.5, arousal: 0 }, null, { valence: -0.1, arousal: 0.2 }])).toBe(
      'model valence (blue line) and arousal (orange line), 0:00.0 to 0:02.0: 2 of 3 video frames with a value, mean valence 0.20, mean arousal 0.10',
    );
    expect(describeExpressionRuns('model', view, [{ startMs: 0, endMs: 1500, value: 4 }, { startMs: 1500, endMs: 2000, value: 0 }], 2000)).toBe(
      'model expression as coloured segments, 0:00.0 to 0:02.0: Happiness 75 %, Neutral 25 % of the session',
    );
    expect(describeAuHeat('model', view, [null])).toMatch(/from AU1 to AU25, dark 0 to bright 1, 0:00\.0 to 0:02\.0; mean probability: no frame with a value$/);
  });
});
