import { describe, expect, it } from 'vitest';
import { AffectscopeError } from '../errors';
import { concordanceCorrelation } from './ccc';

describe('concordanceCorrelation (hand-computed)', () => {
  it('is 1 for identical series and −1 for a mirrored one with equal means', () => {
    expect(concordanceCorrelation([1, 2, 3, 4, 5], [1, 2, 3, 4, 5])).toBeCloseTo(1, 12);
    // var = 2/3 each, cov = −2/3, equal means
    expect(concordanceCorrelation([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
  });

  it('penalises a shift: y = x + 1 → 2·2 / (2 + 2 + 1) = 0.8', () => {
    expect(concordanceCorrelation([1, 2, 3, 4, 5], [2, 3, 4, 5, 6])).toBeCloseTo(0.8, 12);
  });

  it('penalises a scale: y = 2x over [1, 2, 3] → (8/3) / (2/3 + 8/3 + 4) = 4/11', () => {
    expect(concordanceCorrelation(Float32Array.from([1, 2, 3]), [2, 4, 6])).toBeCloseTo(4 / 11, 12);
  });

  it('is 0 for uncorrelated series and NaN only when both are the same constant', () => {
    expect(concordanceCorrelation([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(0, 12);
    expect(concordanceCorrelation([1, 1], [2, 2])).toBe(0);
    expect(concordanceCorrelation([1, 1], [1, 1])).toBeNaN();
  });

  it('rejects empty or mismatched input', () => {
    expect(() => concordanceCorrelation([], [])).toThrow(AffectscopeError);
    expect(() => concordanceCorrelation([1, 2], [1])).toThrow(/equal length/);
  });
});
