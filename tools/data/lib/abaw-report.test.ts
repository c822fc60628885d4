import { describe, expect, it } from 'vitest';
import { PREDICTION_COLUMNS } from '../../../src/core/prediction-values';
import { abawReport } from './abaw-report';

/** A 17-output row: valence, arousal, the given AU outputs (others 0.1), probability 0.9 on one expression. */
function row(valence: number, arousal: number, aus: Record<string, number>, expression: string): number[] {
  return PREDICTION_COLUMNS.map((name, k) => (k === 0 ? valence : k === 1 ? arousal : name in aus ? aus[name] : name === expression ? 0.9 : 0.1 / 6));
}

const AU = (on: Record<string, number>) => ['AU1', 'AU2', 'AU4', 'AU6', 'AU7', 'AU10', 'AU12', 'AU15', 'AU23', 'AU24', 'AU25', 'AU26'].map((au) => on[au] ?? 0);

describe('abawReport', () => {
  const rows = [
    row(0.4, 0.1, { AU1: 0.7, AU12: 0.9 }, 'Happiness'),
    row(-0.3, 0.5, { AU1: 0.6, AU12: 0.2 }, 'Neutral'),
    row(0, 0, {}, 'Neutral'),
    row(0.1, -0.1, { AU1: 0.3, AU12: 0.1 }, 'Sadness'),
    null,
  ];
  const labels = {
    va: [0.5, 0.2, -0.5, 0.4, -5, -5, 0, -0.2, 0.9, 0.9],
    au: [...AU({ AU1: 1, AU12: 1 }), ...AU({}), ...AU({}).map(() => -1), ...AU({ AU1: 1 }), ...AU({ AU1: 1 })],
    expr: [4, 7, 0, -1, 4],
  };
  const report = abawReport(rows, labels);

  it('scores valence and arousal by CCC on the frames labelled for them', () => {
    // valence: x (0.4, −0.3, 0.1), y (0.5, −0.5, 0) → 2·0.11667 / (0.082222 + 0.166667 + 0.0044444)
    expect(report.valenceArousal).toEqual({ valenceCcc: expect.closeTo(0.921053, 5), arousalCcc: expect.closeTo(0.920354, 5), frames: 3 });
  });

  it("scores expressions over ABAW's 8 classes, Other never predicted, and over 7 without Other frames", () => {
    // predicted Happiness, Neutral, Neutral for Happiness, Other, Neutral: F1 Happiness 1, Neutral 2/3, the rest 0
    expect(report.expression!.f1).toBeCloseTo((1 + 2 / 3) / 8, 10);
    expect(report.expression!.f1WithoutOther).toBeCloseTo(2 / 7, 10);
    expect(report.expression!.accuracy).toBeCloseTo(2 / 3, 10);
    expect([report.expression!.frames, report.expression!.otherFrames]).toEqual([3, 1]);
  });

  it('scores the 7 AUs both have; the 5 the network lacks count 0 in the 12-AU mean', () => {
    // AU1: labels 1, 0, 1 → outputs ≥ 0.5: 1, 1, 0 → TP 1, FP 1, FN 1 → F1 0.5. AU12: 1, 0, 0 vs 1, 0, 0 → 1.
    expect(report.actionUnits!.perAu.AU1).toEqual({ f1: 0.5, frames: 3 });
    expect(report.actionUnits!.perAu.AU12).toEqual({ f1: 1, frames: 3 });
    expect(report.actionUnits!.perAu.AU2).toEqual({ f1: 0, frames: 3 });
    expect(report.actionUnits!.perAu.AU7).toBeNull();
    expect(report.actionUnits!.notPredicted).toEqual(['AU7', 'AU10', 'AU23', 'AU24', 'AU26']);
    expect(report.actionUnits!.meanF1Over12).toBeCloseTo(1.5 / 12, 10);
    expect(report.actionUnits!.meanF1Predicted).toBeCloseTo(1.5 / 7, 10);
  });

  it('adds the three into the MTL score (seed 002)', () => {
    expect(report.mtlScore).toBeCloseTo((0.921053 + 0.920354) / 2 + (1 + 2 / 3) / 8 + 1.5 / 12, 5);
    expect(report.mtlScorePredicted).toBeCloseTo((0.921053 + 0.920354) / 2 + 2 / 7 + 1.5 / 7, 5);
  });

  it('has no MTL score when a task has no labelled frame', () => {
    const noAu = abawReport(rows, { ...labels, au: labels.au.map(() => -1) });
    expect(noAu.actionUnits).toBeNull();
    expect(noAu.mtlScore).toBeNull();
  });
});
