import { describe, expect, it } from 'vitest';
import type { AffectPrediction } from '../labels';
import { addRepairs, clampFrame, NO_REPAIRS } from './clamp-frame';
import { validateSessionRecord } from './validate';
import { makeTestSession } from './test-session';

const valid = (): AffectPrediction => ({
  valence: 0.5,
  arousal: -0.25,
  actionUnitProbabilities: new Array(8).fill(0.5),
  expressionProbabilities: new Array(7).fill(1 / 7),
});

describe('clampFrame', () => {
  it('leaves a valid frame as it is (same object), with no repairs', () => {
    const frame = { mediaTimeMs: 0, faceFound: true, prediction: valid(), landmarks: [0.1, 0.2] };
    expect(clampFrame(frame)).toEqual({ frame, repairs: NO_REPAIRS });
    expect(clampFrame(frame).frame).toBe(frame);
    expect(clampFrame({ mediaTimeMs: 0, faceFound: false, prediction: null, landmarks: null }).repairs).toEqual(NO_REPAIRS);
  });

  it('moves values just outside their range to the bound and counts each', () => {
    const p = { ...valid(), valence: 1.0000001, arousal: -1.5 };
    p.actionUnitProbabilities[2] = -1e-7;
    p.expressionProbabilities[6] = 1.0000001;
    const { frame, repairs } = clampFrame({ mediaTimeMs: 0, faceFound: true, prediction: p, landmarks: null });
    expect(frame.prediction).toMatchObject({ valence: 1, arousal: -1 });
    expect(frame.prediction!.actionUnitProbabilities[2]).toBe(0);
    expect(frame.prediction!.expressionProbabilities[6]).toBe(1);
    expect(repairs).toEqual({ clampedValues: 4, droppedPredictions: 0, droppedLandmarks: 0 });
    expect(p.valence).toBe(1.0000001); // the input is not changed
  });

  it('drops a prediction holding NaN or Infinity, and landmarks holding NaN, counting them', () => {
    const nan = { ...valid(), arousal: Number.NaN };
    const inf = valid();
    inf.expressionProbabilities[0] = Number.POSITIVE_INFINITY;
    expect(clampFrame({ mediaTimeMs: 0, faceFound: true, prediction: nan, landmarks: null })).toEqual({
      frame: { mediaTimeMs: 0, faceFound: true, prediction: null, landmarks: null },
      repairs: { clampedValues: 0, droppedPredictions: 1, droppedLandmarks: 0 },
    });
    expect(clampFrame({ mediaTimeMs: 0, faceFound: true, prediction: inf, landmarks: [0.1, Number.NaN] })).toEqual({
      frame: { mediaTimeMs: 0, faceFound: true, prediction: null, landmarks: null },
      repairs: { clampedValues: 0, droppedPredictions: 1, droppedLandmarks: 1 },
    });
  });

  it('gives frames the session validator accepts', () => {
    const { session } = makeTestSession();
    const odd = { ...valid(), valence: Number.NaN };
    const frames = [
      { mediaTimeMs: 0, faceFound: true, prediction: { ...valid(), valence: 1.0000001 }, landmarks: [0.1, Number.NaN] },
      { mediaTimeMs: 1, faceFound: true, prediction: odd, landmarks: null },
    ];
    expect(() => validateSessionRecord({ ...session, frames })).toThrow();
    expect(() => validateSessionRecord({ ...session, frames: frames.map((f) => clampFrame(f).frame) })).not.toThrow();
  });

  it('adds repair counts', () => {
    expect(addRepairs({ clampedValues: 1, droppedPredictions: 2, droppedLandmarks: 3 }, { clampedValues: 4, droppedPredictions: 5, droppedLandmarks: 6 })).toEqual({
      clampedValues: 5,
      droppedPredictions: 7,
      droppedLandmarks: 9,
    });
  });
});
