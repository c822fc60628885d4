import { describe, expect, it } from 'vitest';
import type { AffectPrediction } from '../../core/labels';
import { validateSessionRecord } from '../../core/session';
import { makeTestSession } from '../../core/session/test-session';
import type { FaceResult, PredictionResult } from '../../workers/protocol';
import { frameRecordOf } from './frame-record';

const box = { xPx: 0, yPx: 0, widthPx: 10, heightPx: 12 };
const tracked = (trackId: number, x: number) => ({
  trackId, box, cropRgba: new Uint8ClampedArray(4), measuredActionUnits: [], landmarks: Float32Array.from([x, 0.5, x + 0.0123456, 0.5]),
});
const values = (valence: number): AffectPrediction => ({ valence, arousal: 0, actionUnitProbabilities: new Array(8).fill(0.5), expressionProbabilities: new Array(7).fill(1 / 7) });

function frame(inView: Array<[number, number]>, predicted: Array<[number, number]>) {
  const faces = inView.map(([id, x]) => tracked(id, x));
  const face: FaceResult = {
    type: 'face', timestampMs: 0, frameWidthPx: 64, frameHeightPx: 48, status: faces.length > 1 ? 'multiple-faces' : faces.length ? 'ok' : 'no-face',
    faceCount: faces.length, faces, trackId: faces[0]?.trackId ?? null, liveTrackIds: faces.map((f) => f.trackId), box: null,
    landmarks: faces[0]?.landmarks ?? null, cropRgba: null, cropSizePx: 2, measuredActionUnits: null, landmarksMs: 0, alignmentMs: 0,
  };
  const prediction: PredictionResult = {
    type: 'prediction', timestampMs: 0, prediction: predicted.length ? values(predicted[0][1]) : null,
    tracks: predicted.map(([trackId, v]) => ({ trackId, prediction: values(v) })),
    modelMs: 0, spectrogramMs: 0, audioFramesTotal: 0, latestSpectrogramFrame: null, audioActive: false, numTensors: 0,
  };
  return { timestampMs: 0, face, prediction };
}

describe('frameRecordOf', () => {
  it('keeps every tracked face with its own prediction and landmarks, as the session store accepts it', () => {
    const record = frameRecordOf(frame([[4, 0.7], [2, 0.2]], [[4, 0.4], [2, -0.2]]));
    expect(record.trackId).toBe(4);
    expect(record.prediction?.valence).toBe(0.4);
    expect(record.landmarks).toEqual([0.7, 0.5, 0.71235, 0.5]);
    expect(record.otherFaces).toEqual([{ trackId: 2, prediction: values(-0.2), landmarks: [0.2, 0.5, 0.21235, 0.5] }]);
    const { session } = makeTestSession();
    expect(() => validateSessionRecord({ ...session, frames: [{ mediaTimeMs: 0, ...record }] }, 'invalid-options', 'session')).not.toThrow();
  });

  it('writes one face as before, with its track id; no face has no track', () => {
    const one = frameRecordOf(frame([[1, 0.5]], [[1, 0.1]]));
    expect(one.trackId).toBe(1);
    expect(one.otherFaces).toBeUndefined();
    const none = frameRecordOf(frame([], []));
    expect(none).toEqual({ faceFound: false, prediction: null, landmarks: null });
  });

  it('gives a face the model has no output for yet a null prediction, not another face\'s', () => {
    const record = frameRecordOf(frame([[4, 0.7], [2, 0.2]], [[4, 0.4]]));
    expect(record.otherFaces![0].prediction).toBeNull();
  });
});
