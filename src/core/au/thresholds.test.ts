import { describe, expect, it } from 'vitest';
import { JsonReader } from '../json-reader';
import { ACTION_UNITS } from '../labels';
import { auThresholdsOf, chooseActionUnitThresholds, describeAuThresholds, presentActionUnits, readActionUnitThresholds } from './thresholds';

const reader = () => new JsonReader('model-manifest', 'model manifest');

describe('AU thresholds', () => {
  it('a model without thresholds calls an AU present from 0.5; with them, from its own threshold per AU', () => {
    const p = [0.5, 0.49, 0.3, 0.3, 0.9, 0.2, 0.31, 0.6];
    expect(presentActionUnits(p, auThresholdsOf(undefined))).toEqual([1, 0, 0, 0, 1, 0, 0, 1]);
    expect(presentActionUnits(p, auThresholdsOf([0.35, 0.43, 0.29, 0.33, 0.33, 0.27, 0.31, 0.47]))).toEqual([1, 1, 1, 0, 1, 0, 1, 1]);
    expect(describeAuThresholds(null)).toBe('from 0.5');
    expect(describeAuThresholds([0.35, 0.43, 0.29, 0.33, 0.33, 0.27, 0.31, 0.47])).toMatch(/^from each AU's threshold \(AU1 0\.35, AU2 0\.43, .*AU25 0\.47\)$/);
    expect(() => auThresholdsOf([0.5])).toThrow(/expected 8 probabilities/);
  });

  it('reads 8 thresholds strictly between 0 and 1 and names what is wrong', () => {
    expect(readActionUnitThresholds(reader(), ACTION_UNITS.map(() => 0.4), 'actionUnitThresholds.values')).toHaveLength(8);
    expect(() => readActionUnitThresholds(reader(), [0.4, 0.4], 'actionUnitThresholds.values')).toThrow(/actionUnitThresholds\.values.*8 thresholds/);
    expect(() => readActionUnitThresholds(reader(), ACTION_UNITS.map((_, k) => (k === 3 ? 1 : 0.4)), 'actionUnitThresholds.values'))
      .toThrow(/actionUnitThresholds\.values\[3\].*strictly between 0 and 1/);
  });

  it('chooses per AU the threshold with the best F1: below 0.5 for an AU the network under-calls, 0.5 where that is already best', () => {
    // AU1: present faces get 0.3–0.4, absent ones ≤ 0.2 → any threshold in (0.2, 0.3] separates them (the one nearest 0.5: 0.3)
    // every other AU: the output is the truth itself (0.9 / 0.1), so 0.5 is as good as any and kept
    const outputs: number[][] = [];
    const present: boolean[][] = [];
    for (let i = 0; i < 40; i++) {
      const on = i % 4 === 0;
      outputs.push(ACTION_UNITS.map((_, k) => (k === 0 ? (on ? 0.3 + (i % 3) * 0.05 : 0.2 - (i % 5) * 0.03) : on ? 0.9 : 0.1)));
      present.push(ACTION_UNITS.map(() => on));
    }
    const choices = chooseActionUnitThresholds(outputs, present);
    expect(choices[0]).toEqual({ threshold: 0.3, f1: 1, f1AtDefault: 0 });
    for (const choice of choices.slice(1)) expect(choice).toEqual({ threshold: 0.5, f1: 1, f1AtDefault: 1 });
    expect(() => chooseActionUnitThresholds([], [])).toThrow(/as many target rows/);
  });
});
