import { describe, expect, it } from 'vitest';
import { boxIou, centreShift } from './box-overlap';

const box = (xPx: number, yPx: number, widthPx: number, heightPx = widthPx) => ({ xPx, yPx, widthPx, heightPx });

describe('boxIou / centreShift', () => {
  it('IoU by hand: identical 1, disjoint 0, half-shifted 1/3', () => {
    expect(boxIou(box(0, 0, 10), box(0, 0, 10))).toBe(1);
    expect(boxIou(box(0, 0, 10), box(10, 0, 10))).toBe(0);
    // overlap 5×10 = 50, union 100 + 100 − 50 = 150
    expect(boxIou(box(0, 0, 10), box(5, 0, 10))).toBeCloseTo(1 / 3, 12);
    expect(boxIou(box(0, 0, 0), box(0, 0, 0))).toBe(0);
  });

  it('centre shift in widths of the wider box', () => {
    expect(centreShift(box(0, 0, 10), box(0, 0, 10))).toBe(0);
    // centres (5, 5) and (13, 11): distance 10, wider box 20 wide
    expect(centreShift(box(0, 0, 10), box(3, 1, 20))).toBeCloseTo(0.5, 12);
  });
});
