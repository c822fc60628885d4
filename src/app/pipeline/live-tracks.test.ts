import { describe, expect, it } from 'vitest';
import type { AffectPrediction } from '../../core/labels';
import type { FaceResult, PredictionResult } from '../../workers/protocol';
import { LiveTracks } from './live-tracks';

const box = { xPx: 0, yPx: 0, widthPx: 10, heightPx: 12 };
const tracked = (trackId: number) => ({ trackId, box, cropRgba: new Uint8ClampedArray(4), measuredActionUnits: [trackId / 10], landmarks: new Float32Array(2) });
const faceResult = (timestampMs: number, inView: number[], liveTrackIds: number[]): FaceResult => ({
  type: 'face', timestampMs, frameWidthPx: 64, frameHeightPx: 48, status: inView.length > 1 ? 'multiple-faces' : inView.length ? 'ok' : 'no-face',
  faceCount: inView.length, faces: inView.map(tracked), trackId: inView[0] ?? null, liveTrackIds, box: null, landmarks: null, cropRgba: null,
  cropSizePx: 2, measuredActionUnits: null, landmarksMs: 0, alignmentMs: 0,
});
const values = (valence: number): AffectPrediction => ({ valence, arousal: -valence, actionUnitProbabilities: [], expressionProbabilities: [] });
const predictionResult = (timestampMs: number, tracks: [number, number][]): PredictionResult => ({
  type: 'prediction', timestampMs, prediction: tracks.length ? values(tracks[0][1]) : null,
  tracks: tracks.map(([trackId, valence]) => ({ trackId, prediction: values(valence) })),
  modelMs: 0, spectrogramMs: 0, audioFramesTotal: 0, latestSpectrogramFrame: null, audioActive: false, numTensors: 0,
});

describe('LiveTracks', () => {
  it('keeps each face its own latest values and history; a face away shows no values and a gap', () => {
    const live = new LiveTracks();
    live.onFace(faceResult(0, [2, 1], [1, 2]));
    const list = live.onPrediction(predictionResult(0, [[2, 0.2], [1, 0.1]]));
    expect(list.map((t) => [t.trackId, t.prediction?.valence])).toEqual([[1, 0.1], [2, 0.2]]);
    // face 2 is away (remembered): listed, no face, no values
    const away = live.onFace(faceResult(33, [1], [1, 2]));
    expect(away.map((t) => [t.trackId, t.face?.trackId ?? null, t.prediction?.valence ?? null])).toEqual([[1, 1, 0.1], [2, null, null]]);
    live.onPrediction(predictionResult(33, [[1, 0.3]]));
    expect(live.history(1).map((s) => s.valence)).toEqual([0.1, 0.3]);
    expect(live.history(2).map((s) => s.valence)).toEqual([0.2, null]);
    // face 2's track ends: gone from the list with its history
    expect(live.onFace(faceResult(1100, [1], [1])).map((t) => t.trackId)).toEqual([1]);
    expect(live.history(2)).toEqual([]);
  });
});
