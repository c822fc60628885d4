import { describe, expect, it } from 'vitest';
import { AffectscopeError } from '../errors';
import { gaussian, seededRandom } from '../testing/seeded-random';
import {
  applySimilarity,
  estimateSimilarity,
  invertSimilarity,
  similarityRotationRad,
  similarityScale,
  type SimilarityTransform,
} from './similarity';
import type { PixelPoint } from './types';

function randomTransform(random: () => number): SimilarityTransform {
  const scale = 0.2 + 3 * random();
  const theta = (random() * 2 - 1) * Math.PI;
  return { a: scale * Math.cos(theta), b: scale * Math.sin(theta), tx: (random() - 0.5) * 400, ty: (random() - 0.5) * 400 };
}

function randomPoints(random: () => number, n: number): PixelPoint[] {
  return Array.from({ length: n }, () => ({ x: random() * 640, y: random() * 480 }));
}

function residual(t: SimilarityTransform, src: PixelPoint[], dst: PixelPoint[]): number {
  return src.reduce((sum, p, i) => {
    const q = applySimilarity(t, p);
    return sum + (q.x - dst[i].x) ** 2 + (q.y - dst[i].y) ** 2;
  }, 0);
}

describe('estimateSimilarity', () => {
  it('recovers random exact transforms', () => {
    const random = seededRandom(1);
    for (let trial = 0; trial < 50; trial++) {
      const truth = randomTransform(random);
      const src = randomPoints(random, 2 + (trial % 5));
      const dst = src.map((p) => applySimilarity(truth, p));
      const got = estimateSimilarity(src, dst);
      expect(got.a).toBeCloseTo(truth.a, 9);
      expect(got.b).toBeCloseTo(truth.b, 9);
      expect(got.tx).toBeCloseTo(truth.tx, 7);
      expect(got.ty).toBeCloseTo(truth.ty, 7);
    }
  });

  it('is close under small noise and is the least-squares minimum', () => {
    const random = seededRandom(2);
    for (let trial = 0; trial < 20; trial++) {
      const truth = randomTransform(random);
      const src = randomPoints(random, 5);
      const dst = src.map((p) => applySimilarity(truth, p)).map((q) => ({ x: q.x + 0.05 * gaussian(random), y: q.y + 0.05 * gaussian(random) }));
      const got = estimateSimilarity(src, dst);
      expect(similarityScale(got) / similarityScale(truth)).toBeCloseTo(1, 3);
      const dTheta = similarityRotationRad(got) - similarityRotationRad(truth);
      expect(Math.abs(Math.atan2(Math.sin(dTheta), Math.cos(dTheta)))).toBeLessThan(1e-3);
      const best = residual(got, src, dst);
      for (const key of ['a', 'b', 'tx', 'ty'] as const) {
        for (const delta of [-1e-4, 1e-4]) {
          expect(residual({ ...got, [key]: got[key] + delta }, src, dst)).toBeGreaterThan(best);
        }
      }
    }
  });

  it('never returns a reflection: a mirrored target gives a proper rotation', () => {
    const src = [{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 0, y: 5 }];
    const dst = src.map((p) => ({ x: -p.x, y: p.y }));
    const got = estimateSimilarity(src, dst);
    // every (a, b) is a rotation times a scale, so a mirror image cannot be fitted exactly
    expect(residual(got, src, dst)).toBeGreaterThan(1);
  });

  it('rejects too few, mismatched or coincident points', () => {
    const p = { x: 1, y: 2 };
    expect(() => estimateSimilarity([p], [p])).toThrow(AffectscopeError);
    expect(() => estimateSimilarity([p, p], [p])).toThrow(/equal length/);
    expect(() => estimateSimilarity([p, p, p], [p, { x: 3, y: 4 }, p])).toThrow(/coincident/);
    expect(() => estimateSimilarity([p, { x: 5, y: 5 }], [p, p])).toThrow(/coincident/);
    expect(() => estimateSimilarity([p, { x: NaN, y: 5 }], [p, p])).toThrow(/finite/);
  });
});

describe('invertSimilarity / applySimilarity', () => {
  it('inverse ∘ apply is the identity', () => {
    const random = seededRandom(3);
    for (let trial = 0; trial < 20; trial++) {
      const t = randomTransform(random);
      const inv = invertSimilarity(t);
      expect(similarityScale(inv) * similarityScale(t)).toBeCloseTo(1, 12);
      for (const p of randomPoints(random, 5)) {
        const back = applySimilarity(inv, applySimilarity(t, p));
        expect(back.x).toBeCloseTo(p.x, 9);
        expect(back.y).toBeCloseTo(p.y, 9);
      }
    }
  });

  it('maps a point by hand: 90° turn, scale 2, shift (1, 1)', () => {
    const t = { a: 0, b: 2, tx: 1, ty: 1 };
    expect(applySimilarity(t, { x: 1, y: 0 })).toEqual({ x: 1, y: 3 });
    expect(similarityScale(t)).toBe(2);
    expect(similarityRotationRad(t)).toBeCloseTo(Math.PI / 2, 12);
  });

  it('rejects a zero-scale transform', () => {
    expect(() => invertSimilarity({ a: 0, b: 0, tx: 1, ty: 2 })).toThrow(AffectscopeError);
  });
});
