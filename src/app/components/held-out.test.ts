import { describe, expect, it } from 'vitest';
import { heldOutRows } from './held-out';

describe('heldOutRows', () => {
  it('turns the shipped model\'s keys into data set, metric and a value with its unit', () => {
    const { rows, measuredWith } = heldOutRows({
      ferPublicTestAccuracy: 0.642,
      ferPublicTestMacroF1: 0.5799,
      ravdessActors17to20Accuracy: 0.5333,
      faceDetectionRateFerPublicTest: 0.9632,
      measuredWith: 'npm run evaluate',
    });
    expect(measuredWith).toBe('npm run evaluate');
    expect(rows.map(({ dataSet, metric, value }) => [dataSet, metric, value])).toEqual([
      ['FER2013 PublicTest faces', 'accuracy (7 expressions)', '64.2 %'],
      ['FER2013 PublicTest faces', 'macro-F1 (7 expressions)', '0.580'],
      ['RAVDESS speech, actors 17–20', 'accuracy (7 expressions)', '53.3 %'],
      ['FER2013 PublicTest faces', 'faces found by the landmarker', '96.3 %'],
    ]);
  });

  it('keeps a key it does not know, in words', () => {
    expect(heldOutRows({ someNewThing: 0.5 }).rows).toEqual([{ key: 'someNewThing', dataSet: '—', metric: 'some new thing', value: '0.5' }]);
    expect(heldOutRows(null)).toEqual({ rows: [], measuredWith: null });
  });
});
