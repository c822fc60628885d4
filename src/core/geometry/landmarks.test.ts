import { describe, expect, it } from 'vitest';
import { AffectscopeError } from '../errors';
import { FACE_TEMPLATE_96, faceTemplate } from './template';
import { boundingBox, fivePointsFromLandmarks, largestFaceIndex } from './landmarks';
import type { NormalizedPoint } from './types';

function mesh(n: number, fill: NormalizedPoint = { x: 0.5, y: 0.5 }): NormalizedPoint[] {
  return Array.from({ length: n }, () => ({ ...fill }));
}

describe('face template', () => {
  it('is the ArcFace 112 template scaled to 96', () => {
    expect(FACE_TEMPLATE_96).toHaveLength(5);
    expect(FACE_TEMPLATE_96[0].x).toBeCloseTo((38.2946 * 96) / 112, 12);
    expect(FACE_TEMPLATE_96[4].y).toBeCloseTo((92.2041 * 96) / 112, 12);
    expect(faceTemplate(112)[2]).toEqual({ x: 56.0252, y: 71.7366 });
    expect(() => faceTemplate(0)).toThrow(AffectscopeError);
  });
});

describe('fivePointsFromLandmarks', () => {
  it('uses iris centres when 478 points are present', () => {
    const lm = mesh(478);
    lm[468] = { x: 0.3, y: 0.4 };
    lm[473] = { x: 0.7, y: 0.4 };
    lm[1] = { x: 0.5, y: 0.6 };
    lm[61] = { x: 0.35, y: 0.8 };
    lm[291] = { x: 0.65, y: 0.8 };
    expect(fivePointsFromLandmarks(lm, 200, 100)).toEqual([
      { x: 60, y: 40 }, { x: 140, y: 40 }, { x: 100, y: 60 }, { x: 70, y: 80 }, { x: 130, y: 80 },
    ]);
  });

  it('falls back to eye-corner means with 468 points', () => {
    const lm = mesh(468);
    lm[33] = { x: 0.2, y: 0.4 };
    lm[133] = { x: 0.4, y: 0.5 };
    lm[362] = { x: 0.6, y: 0.5 };
    lm[263] = { x: 0.8, y: 0.4 };
    const [left, right] = fivePointsFromLandmarks(lm, 100, 100);
    expect(left.x).toBeCloseTo(30, 12);
    expect(left.y).toBeCloseTo(45, 12);
    expect(right.x).toBeCloseTo(70, 12);
    expect(right.y).toBeCloseTo(45, 12);
  });

  it('rejects too few landmarks or a bad size', () => {
    expect(() => fivePointsFromLandmarks(mesh(100), 10, 10)).toThrow(/at least 468/);
    expect(() => fivePointsFromLandmarks(mesh(478), 0, 10)).toThrow(AffectscopeError);
  });
});

describe('boundingBox / largestFaceIndex', () => {
  it('boxes landmarks in pixels', () => {
    const box = boundingBox([{ x: 0.1, y: 0.2 }, { x: 0.5, y: 0.3 }, { x: 0.3, y: 0.6 }], 200, 100);
    expect(box.xPx).toBeCloseTo(20, 12);
    expect(box.yPx).toBeCloseTo(20, 12);
    expect(box.widthPx).toBeCloseTo(80, 12);
    expect(box.heightPx).toBeCloseTo(40, 12);
    expect(() => boundingBox([], 10, 10)).toThrow(AffectscopeError);
  });

  it('picks the face with the largest pixel area, -1 for none', () => {
    const small = [{ x: 0, y: 0 }, { x: 0.1, y: 0.1 }];
    const tallNarrow = [{ x: 0, y: 0 }, { x: 0.05, y: 0.9 }]; // 0.045 of the area at 1:1
    const wide = [{ x: 0, y: 0 }, { x: 0.9, y: 0.06 }]; // 0.054
    expect(largestFaceIndex([small, tallNarrow, wide], 100, 100)).toBe(2);
    expect(largestFaceIndex([wide, tallNarrow, small], 640, 480)).toBe(0);
    expect(largestFaceIndex([], 100, 100)).toBe(-1);
    expect(largestFaceIndex([[]], 100, 100)).toBe(-1);
  });
});
