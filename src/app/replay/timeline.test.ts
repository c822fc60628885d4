import { describe, expect, it } from 'vitest';
import type { FrameRecord } from '../../core/session';
import { lastFrameAtOrBefore, nearestFrameIndex, samplesUpTo } from './timeline';

const prediction = (valence: number) => ({ valence, arousal: -valence, actionUnitProbabilities: new Array(8).fill(0.5), expressionProbabilities: new Array(7).fill(1 / 7) });
const frame = (mediaTimeMs: number, faceFound = true): FrameRecord => ({ mediaTimeMs, faceFound, prediction: faceFound ? prediction(mediaTimeMs / 10_000) : null });
/** 0, 100, …, 900 ms and then a gap to 2000 ms */
const FRAMES = [...Array.from({ length: 10 }, (_, k) => frame(k * 100, k !== 4)), frame(2000)];

describe('lastFrameAtOrBefore', () => {
  it('finds the last frame not after the time, -1 before the first', () => {
    expect(lastFrameAtOrBefore(FRAMES, -1)).toBe(-1);
    expect(lastFrameAtOrBefore(FRAMES, 0)).toBe(0);
    expect(lastFrameAtOrBefore(FRAMES, 99.9)).toBe(0);
    expect(lastFrameAtOrBefore(FRAMES, 100)).toBe(1);
    expect(lastFrameAtOrBefore(FRAMES, 1999)).toBe(9);
    expect(lastFrameAtOrBefore(FRAMES, 1e9)).toBe(10);
    expect(lastFrameAtOrBefore([], 5)).toBe(-1);
  });

  it('with equal times, takes the last of them', () => {
    expect(lastFrameAtOrBefore([frame(0), frame(100), frame(100), frame(200)], 150)).toBe(2);
  });
});

describe('nearestFrameIndex', () => {
  it('takes the nearer neighbour, the earlier on a tie', () => {
    expect(nearestFrameIndex(FRAMES, 140)).toBe(1);
    expect(nearestFrameIndex(FRAMES, 160)).toBe(2);
    expect(nearestFrameIndex(FRAMES, 150)).toBe(1);
    expect(nearestFrameIndex(FRAMES, -30)).toBe(0);
  });

  it('finds nothing further than maxGapMs away', () => {
    expect(nearestFrameIndex(FRAMES, 1400)).toBe(9); // 500 ms from 900: still shown
    expect(nearestFrameIndex(FRAMES, 1450)).toBe(-1);
    expect(nearestFrameIndex(FRAMES, 1600)).toBe(10);
    expect(nearestFrameIndex(FRAMES, 300, 10)).toBe(3);
    expect(nearestFrameIndex(FRAMES, 350, 10)).toBe(-1);
    expect(nearestFrameIndex([], 0)).toBe(-1);
  });
});

describe('samplesUpTo', () => {
  it('ends at the frame, with gaps where there was no face', () => {
    const samples = samplesUpTo(FRAMES, 5);
    expect(samples.map((s) => s.timestampMs)).toEqual([0, 100, 200, 300, 400, 500]);
    expect(samples[4]).toEqual({ timestampMs: 400, valence: null, arousal: null });
    expect(samples[5]).toEqual({ timestampMs: 500, valence: 0.05, arousal: -0.05 });
  });

  it('keeps only the span before the frame, that frame\'s edge included', () => {
    expect(samplesUpTo(FRAMES, 10, 1800).map((s) => s.timestampMs)).toEqual([200, 300, 400, 500, 600, 700, 800, 900, 2000]);
    expect(samplesUpTo(FRAMES, -1)).toEqual([]);
  });

  it('treats a frame that says no face as a gap even if it carries a prediction', () => {
    const odd: FrameRecord = { mediaTimeMs: 0, faceFound: false, prediction: prediction(0.3) };
    expect(samplesUpTo([odd], 0)).toEqual([{ timestampMs: 0, valence: null, arousal: null }]);
  });
});
