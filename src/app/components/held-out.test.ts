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

  it('says what the FER sets\' AU and valence/arousal scores are measured against (they hold no such labels)', () => {
    const { rows } = heldOutRows({ ferplusPublicTestAccuracy: 0.83, ferplusPublicTestAuMeanF1: 0.61, ferplusPublicTestValenceCcc: 0.7, abawValidationAuMeanF1: 0.5 });
    expect(rows.map(({ dataSet, metric, value }) => [dataSet, metric, value])).toEqual([
      ['FER+ PublicTest (majority of 10 raters)', 'accuracy (7 expressions)', '83.0 %'],
      ['FER+ PublicTest (majority of 10 raters)', "mean AU F1 against the landmarker's measured AUs", '0.610'],
      ['FER+ PublicTest (majority of 10 raters)', 'valence CCC against derived targets', '0.700'],
      ['Aff-Wild2 (ABAW) Validation_Set', 'mean AU F1', '0.500'],
    ]);
  });

  it('keeps a key it does not know, in words', () => {
    expect(heldOutRows({ someNewThing: 0.5 }).rows).toEqual([{ key: 'someNewThing', dataSet: '—', metric: 'some new thing', value: '0.5' }]);
    expect(heldOutRows(null)).toEqual({ rows: [], measuredWith: null });
  });
});
