import { describe, expect, it } from 'vitest';
import { moveSpan, moveSpanBound, removeSpan, validateSpanLimits } from './span-edits';

const LIMITS = validateSpanLimits({ maxMs: 1000, minLengthMs: 50 });
// [100, 200) [300, 500) [600, 700)
const SPANS = [{ startMs: 100, endMs: 200, label: 1 }, { startMs: 300, endMs: 500, label: 2 }, { startMs: 600, endMs: 700, label: 3 }];

describe('moveSpanBound', () => {
  it('moves a bound freely inside the room between the neighbours', () => {
    expect(moveSpanBound(SPANS, 1, 'start', 250, LIMITS)[1]).toEqual({ startMs: 250, endMs: 500, label: 2 });
    expect(moveSpanBound(SPANS, 1, 'end', 560, LIMITS)[1]).toEqual({ startMs: 300, endMs: 560, label: 2 });
  });
  it('stops at the neighbour, the session ends and the shortest span', () => {
    expect(moveSpanBound(SPANS, 1, 'start', 50, LIMITS)[1].startMs).toBe(200);
    expect(moveSpanBound(SPANS, 1, 'end', 900, LIMITS)[1].endMs).toBe(600);
    expect(moveSpanBound(SPANS, 1, 'start', 499, LIMITS)[1].startMs).toBe(450);
    expect(moveSpanBound(SPANS, 1, 'end', 0, LIMITS)[1].endMs).toBe(350);
    expect(moveSpanBound(SPANS, 0, 'start', -500, LIMITS)[0].startMs).toBe(0);
    expect(moveSpanBound(SPANS, 2, 'end', 5000, LIMITS)[2].endMs).toBe(1000);
  });
  it('leaves the input and the other spans as they were', () => {
    const before = structuredClone(SPANS);
    const after = moveSpanBound(SPANS, 1, 'start', 250, LIMITS);
    expect(SPANS).toEqual(before);
    expect(after[0]).toBe(SPANS[0]);
    expect(after[2]).toBe(SPANS[2]);
  });
  it('refuses an index that is not a span', () => {
    expect(() => moveSpanBound(SPANS, 3, 'start', 0, LIMITS)).toThrow(/span index: expected an integer in \[0, 2\], got 3/);
  });
});

describe('moveSpan', () => {
  it('shifts a span keeping its length', () => {
    expect(moveSpan(SPANS, 1, 40, LIMITS)[1]).toEqual({ startMs: 340, endMs: 540, label: 2 });
    expect(moveSpan(SPANS, 1, -60, LIMITS)[1]).toEqual({ startMs: 240, endMs: 440, label: 2 });
  });
  it('stops against its neighbours and the session ends', () => {
    expect(moveSpan(SPANS, 1, 500, LIMITS)[1]).toEqual({ startMs: 400, endMs: 600, label: 2 });
    expect(moveSpan(SPANS, 1, -500, LIMITS)[1]).toEqual({ startMs: 200, endMs: 400, label: 2 });
    expect(moveSpan(SPANS, 2, 900, LIMITS)[2]).toEqual({ startMs: 900, endMs: 1000, label: 3 });
    expect(moveSpan(SPANS, 0, -900, LIMITS)[0]).toEqual({ startMs: 0, endMs: 100, label: 1 });
  });
});

describe('removeSpan', () => {
  it('drops the one span', () => {
    expect(removeSpan(SPANS, 1).map((s) => s.label)).toEqual([1, 3]);
    expect(() => removeSpan([], 0)).toThrow(/span index/);
  });
});

describe('validateSpanLimits', () => {
  it('fills the defaults and refuses contradictions', () => {
    expect(validateSpanLimits({ maxMs: 10 })).toEqual({ minMs: 0, maxMs: 10, minLengthMs: 50 });
    expect(() => validateSpanLimits({ minMs: 5, maxMs: 1 })).toThrow(/expected finite minMs ≤ maxMs, got \[5, 1\]/);
    expect(() => validateSpanLimits({ maxMs: 1, minLengthMs: 0 })).toThrow(/minLengthMs: expected a length > 0 ms, got 0/);
  });
});
