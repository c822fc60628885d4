import { describe, expect, it } from 'vitest';
import { AffectscopeError } from '../errors';
import { accuracy, confusionMatrix, f1Score, macroF1, perClassF1, perClassRecall } from './classification';

describe('f1Score (hand-computed)', () => {
  it('TP 2, FP 1, FN 1 → 2/3, for 0/1 and booleans alike', () => {
    expect(f1Score([1, 1, 0, 0, 1], [1, 0, 1, 0, 1])).toBeCloseTo(2 / 3, 12);
    expect(f1Score([true, true, false, false, true], [true, false, true, false, true])).toBeCloseTo(2 / 3, 12);
  });

  it('is 1 for perfect, 0 with no true positives, 0 with no positives at all', () => {
    expect(f1Score([1, 0, 1], [1, 0, 1])).toBe(1);
    expect(f1Score([1, 1, 0], [0, 0, 1])).toBe(0);
    expect(f1Score([0, 0], [0, 0])).toBe(0);
  });

  it('rejects non-binary labels and mismatched lengths', () => {
    expect(() => f1Score([2 as never], [1])).toThrow(/binary label/);
    expect(() => f1Score([1, 0], [1])).toThrow(AffectscopeError);
  });
});

describe('multi-class metrics (hand-computed)', () => {
  const pred = [0, 1, 2, 2, 1, 0];
  const truth = [0, 1, 1, 2, 2, 0];

  it('confusion matrix: rows are true classes, columns predictions', () => {
    expect(confusionMatrix(pred, truth, 3)).toEqual([
      [2, 0, 0],
      [0, 1, 1],
      [0, 1, 1],
    ]);
  });

  it('per-class F1 [1, 1/2, 1/2] → macro F1 2/3; accuracy 4/6; recall [1, 1/2, 1/2]', () => {
    expect(perClassF1(pred, truth, 3)).toEqual([1, 0.5, 0.5]);
    expect(macroF1(pred, truth, 3)).toBeCloseTo(2 / 3, 12);
    expect(accuracy(pred, truth)).toBeCloseTo(4 / 6, 12);
    expect(perClassRecall(pred, truth, 3)).toEqual([1, 0.5, 0.5]);
  });

  it('counts absent classes as F1 0 in the macro mean (7 expressions, 3 seen)', () => {
    expect(macroF1(pred, truth, 7)).toBeCloseTo(2 / 7, 12);
    expect(perClassRecall(pred, truth, 4)[3]).toBe(0);
  });

  it('rejects class indices out of range', () => {
    expect(() => macroF1([0, 3], [0, 1], 3)).toThrow(/\[0, 2\]/);
    expect(() => confusionMatrix([0.5], [0], 2)).toThrow(AffectscopeError);
    expect(() => macroF1([0], [0], 0)).toThrow(/numClasses/);
  });
});
