import { describe, expect, it } from 'vitest';
import { AffectscopeError } from '../errors';
import { nearestRecordPerFrame, spanPerFrame, uniformFrameTimesMs } from './align';
import { auTrackOnFrames, expressionTrackOnFrames, predictionsOnFrames } from './frame-tables';
import type { FrameRecord } from './types';

describe('nearestRecordPerFrame (25 fps frames, half a frame = 20 ms)', () => {
  const frames = [0, 40, 80, 120];

  it('takes the nearest record within half a frame, else -1', () => {
    // 21 is 19 ms from frame 40 but 21 ms from frame 0; nothing lies within 20 ms of 120
    expect(Array.from(nearestRecordPerFrame(frames, [1, 21, 79, 200]))).toEqual([0, 1, 2, -1]);
  });

  it('lets a record exactly between two frames serve both, and prefers the earlier of two equidistant records', () => {
    expect(Array.from(nearestRecordPerFrame(frames, [20]))).toEqual([0, 0, -1, -1]);
    expect(Array.from(nearestRecordPerFrame(frames, [30, 50]))).toEqual([-1, 0, -1, -1]);
  });

  it('uses each side’s own gap for irregular frames, mirrors the gap at the ends, and gives a lone frame the nearest record', () => {
    // frame 100: 50 ms gap before (25 ms window), 10 ms after (5 ms window)
    expect(Array.from(nearestRecordPerFrame([50, 100, 110], [76, 106, 131]))).toEqual([-1, 0, 1]);
    // 104 is 4 ms after frame 100 (window 5) but 6 ms before frame 110 (window 5)
    expect(Array.from(nearestRecordPerFrame([50, 100, 110], [104]))).toEqual([-1, 0, -1]);
    expect(Array.from(nearestRecordPerFrame([500], [0, 2000]))).toEqual([0]);
    expect(Array.from(nearestRecordPerFrame(frames, []))).toEqual([-1, -1, -1, -1]);
  });

  it('rejects frame times that are empty, not finite or not increasing', () => {
    expect(() => nearestRecordPerFrame([], [1])).toThrow(/at least 1 video frame/);
    expect(() => nearestRecordPerFrame([0, NaN], [1])).toThrow(/frameTimesMs\[1\]: expected a finite time/);
    expect(() => nearestRecordPerFrame([0, 40, 40], [1])).toThrow(AffectscopeError);
  });
});

describe('uniformFrameTimesMs / spanPerFrame', () => {
  it('makes one time per frame before the end', () => {
    expect(uniformFrameTimesMs(100, 30)).toEqual([0, 1000 / 30, 2000 / 30]);
    expect(uniformFrameTimesMs(120, 25)).toEqual([0, 40, 80]);
    expect(uniformFrameTimesMs(0, 25)).toEqual([0]);
    expect(() => uniformFrameTimesMs(100, 0)).toThrow(/frameRateHz: expected a rate > 0, got 0/);
  });

  it('finds the half-open span containing each frame', () => {
    const spans = [{ startMs: 0, endMs: 40 }, { startMs: 100, endMs: 200 }];
    expect(Array.from(spanPerFrame([0, 40, 80, 120, 200], spans))).toEqual([0, -1, -1, 1, -1]);
  });
});

describe('frame tables', () => {
  const prediction = (valence: number, top: number) => ({
    valence,
    arousal: -valence,
    actionUnitProbabilities: [0.9, 0.1, 0.5, 0.49, 0, 1, 0.2, 0.7],
    expressionProbabilities: Array.from({ length: 7 }, (_, i) => (i === top ? 0.4 : 0.1)),
  });
  const records: FrameRecord[] = [
    { mediaTimeMs: 0, faceFound: true, prediction: prediction(0.5, 4) },
    { mediaTimeMs: 40, faceFound: false, prediction: null },
    { mediaTimeMs: 45, faceFound: true, prediction: prediction(-0.25, 2) },
  ];

  it('predictions: values from the record at or nearest the frame; no value where it has no face or none is near', () => {
    const t = predictionsOnFrames(records, [0, 40, 80, 120]);
    expect(t.va).toEqual([{ valence: 0.5, arousal: -0.5 }, null, null, null]);
    expect(t.expression).toEqual([4, null, null, null]);
    expect(t.au[0]).toEqual([1, 0, 1, 0, 0, 1, 0, 1]);
    expect(t.au[1]).toEqual(new Array(8).fill(null));
    // 40: the record there found no face; 80 is 35 ms past the last record (half a frame: 20 ms)
    expect(t.missing).toEqual([null, 'no-face', 'not-analysed', 'not-analysed']);
    expect(predictionsOnFrames(records, [0, 50]).expression).toEqual([4, 2]);
    expect(() => predictionsOnFrames(records, [0], 1.5)).toThrow(/AU thresholds: expected 8 probabilities in \[0, 1\], got 1.5/);
  });

  it('annotation tracks: segment labels and per-AU toggles, null outside', () => {
    const frames = [0, 100, 300, 600];
    const expr = expressionTrackOnFrames({ annotator: 'a', kind: 'expression', segments: [{ startMs: 50, endMs: 300, label: 3 }] }, frames);
    expect(expr).toEqual([null, 3, null, null]);
    const au = auTrackOnFrames(
      { annotator: 'a', kind: 'au', toggles: [{ startMs: 0, endMs: 200, au: 1, present: true }, { startMs: 250, endMs: 700, au: 7, present: false }] },
      frames,
    );
    expect(au).toEqual([
      [null, 1, null, null, null, null, null, null],
      [null, 1, null, null, null, null, null, null],
      [null, null, null, null, null, null, null, 0],
      [null, null, null, null, null, null, null, 0],
    ]);
  });
});
