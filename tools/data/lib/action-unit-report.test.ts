import { describe, expect, it } from 'vitest';
import { ACTION_UNITS, EXPRESSIONS } from '../../../src/core/labels';
import { PREDICTION_COLUMNS } from '../../../src/core/prediction-values';
import { actionUnitReport, calibrateActionUnitThresholds, predictionsCsv } from './action-unit-report';

/** The 19 blendshapes the AU table reads, all 0 but browInnerUp (AU1: rest 0.036, present 0.517, full 0.933). */
function blendshapes(browInnerUp: number): Record<string, number> {
  const names = ['browOuterUpLeft', 'browOuterUpRight', 'browDownLeft', 'browDownRight', 'eyeSquintLeft', 'eyeSquintRight', 'mouthSmileLeft',
    'mouthSmileRight', 'mouthFrownLeft', 'mouthFrownRight', 'mouthStretchLeft', 'mouthStretchRight', 'jawOpen', 'mouthClose',
    'mouthUpperUpLeft', 'mouthUpperUpRight', 'mouthLowerDownLeft', 'mouthLowerDownRight'];
  return { browInnerUp, ...Object.fromEntries(names.map((n) => [n, 0])) };
}

/** A 17-output row: AU1 = au1, the other AUs 0.2. */
function row(au1: number): number[] {
  return PREDICTION_COLUMNS.map((name) => (name === 'AU1' ? au1 : ACTION_UNITS.includes(name as never) ? 0.2 : 0.1));
}

describe('actionUnitReport', () => {
  // Measured AU1 activations 1, 0.5, 0, 0.25; network 0.9, 0.6, 0.1, 0.4; a fifth face without landmarks.
  const rows = [row(0.9), row(0.6), row(0.1), row(0.4), row(0.8)];
  const labels = [4, 4, 6, 0, 3];
  const measured = [blendshapes(0.933), blendshapes(0.517), blendshapes(0.036), blendshapes(0.2765), null];
  const report = actionUnitReport(rows, labels, measured)!;

  it('scores each AU on the faces with measured AUs', () => {
    // presence 1,1,0,0 both: F1 1. CCC: x̄ 0.5, ȳ 0.4375, s²x 0.085, s²y 0.13671875, sxy 0.10625 → 0.2125 / 0.225625
    expect(report.perAu.AU1).toEqual({ f1: 1, threshold: 0.5, f1AtHalf: 1, ccc: expect.closeTo(0.2125 / 0.225625, 12), count: 4 });
    // AU2: measured 0 everywhere (raw 0 < rest), network 0.2: no positive on either side → F1 0; CCC 2·0 / (0 + 0 + 0.2²) = 0
    expect(report.perAu.AU2).toEqual({ f1: 0, threshold: 0.5, f1AtHalf: 0, ccc: 0, count: 4 });
    expect(report.meanF1).toBeCloseTo(1 / 8, 12);
    expect(report.meanCcc).toBeCloseTo(0.2125 / 0.225625 / 8, 12);
  });

  it("calls the network's AU present from the model's own thresholds, with F1 at 0.5 beside it", () => {
    // AU1 from 0.35: the 0.4 face (measured absent) becomes a false positive → F1 2·2 / (2·2 + 1) = 0.8
    const own = actionUnitReport(rows, labels, measured, [0.35, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5])!;
    expect(own.perAu.AU1).toMatchObject({ f1: 0.8, threshold: 0.35, f1AtHalf: 1 });
    expect(own.meanF1).toBeCloseTo(0.8 / 8, 12);
    expect(own.meanF1AtHalf).toBeCloseTo(1 / 8, 12);
    expect(own.thresholds).toMatch(/the model's/);
  });

  it('chooses per AU the threshold with the best F1 on the faces given (calibration)', () => {
    // AU1 outputs 0.45, 0.42 on the two measured-present faces, 0.1 and 0.3 on the others: any threshold in (0.3, 0.42]
    // separates them; the one nearest 0.5 is 0.42. The other AUs are never present: F1 0 everywhere, 0.5 kept.
    const calibration = calibrateActionUnitThresholds([row(0.45), row(0.42), row(0.1), row(0.3), row(0.8)], measured)!;
    expect(calibration.faces).toBe(4);
    expect(calibration.values).toEqual([0.42, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(calibration.perAu.AU1).toEqual({ threshold: 0.42, f1: 1, f1AtDefault: 0 });
    expect(calibration.rule).toContain('0.05, 0.06, …, 0.95'); // the grid the manifest's chosenOn names
  });

  it('averages the network outputs per true class over every face, the measured ones over faces with landmarks', () => {
    expect(report.meanByExpression.Happiness).toMatchObject({ count: 2, AU1: expect.closeTo(0.75, 12), AU12: expect.closeTo(0.2, 12) });
    expect(report.meanByExpression.Fear).toMatchObject({ count: 1, AU1: 0.8 });
    expect(report.measuredMeanByExpression.Happiness).toMatchObject({ count: 2, AU1: expect.closeTo(0.75, 12) });
    expect(report.measuredMeanByExpression.Fear).toBeUndefined();
    expect(Object.keys(report.meanByExpression)).toEqual(['Neutral', 'Fear', 'Happiness', 'Surprise']);
  });

  it('is null without a face that has both outputs and landmarks', () => {
    expect(actionUnitReport([row(0.5), null], [0, 1], [null, blendshapes(0.5)])).toBeNull();
  });
});

describe('predictionsCsv', () => {
  it('writes id, label, face found and the 17 outputs, quoting where needed', () => {
    const csv = predictionsCsv([
      { id: 'Training_1.jpg', label: 4, faceFound: true, outputs: row(0.25) },
      { id: 'a,"b"', label: -1, faceFound: false, outputs: null },
    ]);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe(`id,label,faceFound,valence,arousal,${ACTION_UNITS.join(',')},${EXPRESSIONS.join(',')}`);
    expect(lines[1]).toBe(`Training_1.jpg,Happiness,1,0.1,0.1,0.25,${Array(7).fill(0.2).join(',')},${Array(7).fill(0.1).join(',')}`);
    expect(lines[2]).toBe(`"a,""b""",,0${',' .repeat(17)}`);
  });
});
