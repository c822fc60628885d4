import { describe, expect, it } from 'vitest';
import { ACTION_UNITS, EXPRESSIONS } from './labels';
import { EXPRESSION_OFFSET, PREDICTION_COLUMNS, PREDICTION_ROW_LENGTH, predictionValues } from './prediction-values';

describe('predictionValues', () => {
  it('lays out valence, arousal, the AUs and the expressions in the head order', () => {
    const row = predictionValues({
      valence: -0.5,
      arousal: 0.25,
      actionUnitProbabilities: ACTION_UNITS.map((_, i) => i / 10),
      expressionProbabilities: EXPRESSIONS.map((_, i) => (i + 1) / 100),
    });
    expect(row).toHaveLength(17);
    expect(PREDICTION_ROW_LENGTH).toBe(17);
    expect(row.slice(0, 2)).toEqual([-0.5, 0.25]);
    expect(row.slice(2, 10)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(row[EXPRESSION_OFFSET]).toBe(0.01);
    expect(PREDICTION_COLUMNS[EXPRESSION_OFFSET]).toBe('Neutral');
    expect(PREDICTION_COLUMNS[2]).toBe('AU1');
  });
});
