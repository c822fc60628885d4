import { describe, expect, it } from 'vitest';
import type { ExpressionTrack } from '../session/types';
import { emptyUndoStack, peekEdit, popEdit, pushEdit, type TrackEdit } from './undo';

const track = (n: number): ExpressionTrack => ({ kind: 'expression', annotator: 'A', segments: [{ startMs: 0, endMs: n, label: 0 }] });
const edit = (n: number): TrackEdit => ({ annotator: 'A', kind: 'expression', face: null, before: n === 0 ? null : track(n), description: `edit ${n}` });

describe('undo stack', () => {
  it('pops the newest edit first and leaves the stack it came from unchanged', () => {
    const stack = pushEdit(pushEdit(emptyUndoStack(), edit(0)), edit(1));
    expect(peekEdit(stack)?.description).toBe('edit 1');
    const first = popEdit(stack);
    expect(first.edit?.before).toEqual(track(1));
    const second = popEdit(first.stack);
    expect(second.edit?.before).toBeNull();
    expect(popEdit(second.stack)).toEqual({ edit: null, stack: second.stack });
    expect(stack.edits).toHaveLength(2);
  });
  it('forgets the oldest edits past its limit', () => {
    let stack = emptyUndoStack(2);
    for (const n of [1, 2, 3]) stack = pushEdit(stack, edit(n));
    expect(stack.edits.map((e) => e.description)).toEqual(['edit 2', 'edit 3']);
    expect(() => emptyUndoStack(0)).toThrow(/undo limit: expected an integer ≥ 1, got 0/);
  });
});
