import { describe, expect, it } from 'vitest';
import type { FrameRecord } from '../../core/session';
import { EXPRESSION_COLOURS, expressionColour, heatColour } from './timeline-colours';
import { describeCoverage, firstFrameAtOrAfter, frameEndMs, modelTimeline, runsOf } from './timeline-data';
import { hitSegment } from './timeline-hit';
import { clampView, followTime, panView, tickStepMs, ticksInView, timeToX, wholeSession, xToTime, zoomView } from './timeline-scale';

describe('timeline scale', () => {
  const view = { startMs: 1000, endMs: 3000 };
  it('maps time to x and back across the lane', () => {
    expect(timeToX(1000, view, 400)).toBe(0);
    expect(timeToX(2000, view, 400)).toBe(200);
    expect(timeToX(3500, view, 400)).toBe(500);
    expect(xToTime(100, view, 400)).toBe(1500);
    expect(xToTime(-20, view, 400)).toBe(1000);
    expect(xToTime(999, view, 400)).toBe(3000);
  });
  it('the whole session is the default view', () => {
    expect(wholeSession(8200)).toEqual({ startMs: 0, endMs: 8200 });
    expect(wholeSession(0)).toEqual({ startMs: 0, endMs: 1 });
  });
  it('zooms about an anchor that keeps its x, within the session and no narrower than 500 ms', () => {
    const zoomed = zoomView({ startMs: 0, endMs: 8000 }, 2, 2000, 8000);
    expect(zoomed).toEqual({ startMs: 1000, endMs: 5000 });
    expect(timeToX(2000, zoomed, 100)).toBe(timeToX(2000, { startMs: 0, endMs: 8000 }, 100));
    expect(zoomView({ startMs: 1000, endMs: 5000 }, 0.5, 2000, 8000)).toEqual({ startMs: 0, endMs: 8000 });
    expect(zoomView({ startMs: 0, endMs: 8000 }, 1000, 7900, 8000)).toEqual({ startMs: 7500, endMs: 8000 });
    expect(zoomView({ startMs: 0, endMs: 8000 }, 0.1, 0, 8000)).toEqual({ startMs: 0, endMs: 8000 });
  });
  it('pans and follows the playhead without leaving the session', () => {
    expect(panView({ startMs: 1000, endMs: 3000 }, 500, 8000)).toEqual({ startMs: 1500, endMs: 3500 });
    expect(panView({ startMs: 1000, endMs: 3000 }, 9000, 8000)).toEqual({ startMs: 6000, endMs: 8000 });
    expect(clampView({ startMs: -50, endMs: 100 }, 8000)).toEqual({ startMs: 0, endMs: 500 });
    expect(followTime(view, 2000, 8000)).toBe(view);
    expect(followTime(view, 3100, 8000)).toEqual({ startMs: 2900, endMs: 4900 });
    expect(followTime(view, 200, 8000)).toEqual({ startMs: 200, endMs: 2200 });
  });
  it('ticks at a 1-2-5 step at least 64 px apart', () => {
    expect(tickStepMs({ startMs: 0, endMs: 8000 }, 400)).toBe(2000);
    expect(tickStepMs({ startMs: 0, endMs: 8000 }, 1200)).toBe(500);
    expect(ticksInView({ startMs: 900, endMs: 5000 }, 2000)).toEqual([2000, 4000]);
  });
});

describe('hitSegment', () => {
  const spans = [{ startMs: 1000, endMs: 2000 }, { startMs: 2000, endMs: 2060 }, { startMs: 4000, endMs: 5000 }];
  it('grabs a bound near its edge, the body in between', () => {
    expect(hitSegment(spans, 1010, 50)).toEqual({ index: 0, part: 'start' });
    expect(hitSegment(spans, 1500, 50)).toEqual({ index: 0, part: 'body' });
    expect(hitSegment(spans, 1960, 50)).toEqual({ index: 0, part: 'end' });
  });
  it('keeps a body to grab on a short span: the handles are its outer thirds at most', () => {
    expect(hitSegment(spans, 2030, 50)).toEqual({ index: 1, part: 'body' });
    expect(hitSegment(spans, 2005, 50)).toEqual({ index: 1, part: 'start' });
  });
  it('outside every span: the nearest bound within the tolerance, else nothing', () => {
    expect(hitSegment(spans, 3970, 50)).toEqual({ index: 2, part: 'start' });
    expect(hitSegment(spans, 5030, 50)).toEqual({ index: 2, part: 'end' });
    expect(hitSegment(spans, 3000, 50)).toBeNull();
    expect(hitSegment([], 0, 50)).toBeNull();
  });
});

describe('timeline colours', () => {
  it('gives each expression its own colour', () => {
    expect(new Set(EXPRESSION_COLOURS).size).toBe(7);
    expect(expressionColour(4)).toBe('#ffd54f');
    expect(expressionColour(9)).toBe('#8a93a6');
  });
  it('runs the heat strip from slate (0) through orange (0.5) to pale yellow (1), clamped', () => {
    expect(heatColour(0)).toBe('#222a38');
    expect(heatColour(0.5)).toBe('#c2571a');
    expect(heatColour(1)).toBe('#ffe08a');
    expect(heatColour(2)).toBe('#ffe08a');
    expect(heatColour(Number.NaN)).toBe('#222a38');
  });
});

describe('timeline data on the video frames', () => {
  const prediction = (valence: number, expression: number, au0: number) => ({
    valence, arousal: 0, actionUnitProbabilities: [au0, 0, 0, 0, 0, 0, 0, 0], expressionProbabilities: EXPRESSION_COLOURS.map((_, k) => (k === expression ? 0.9 : 0.01)),
  });
  const at = (mediaTimeMs: number, p: ReturnType<typeof prediction> | null): FrameRecord => ({ mediaTimeMs, faceFound: p !== null, prediction: p });
  // 10 frames at 100 ms; analysed at 0, 100 (Happiness), 200 (no face), 300, then nothing until 900
  const frameTimesMs = Array.from({ length: 10 }, (_, k) => k * 100);
  const frames = [at(0, prediction(0, 4, 0.2)), at(100, prediction(0.5, 4, 0.9)), at(200, null), at(300, prediction(-0.5, 0, 0.1)), at(900, prediction(0, 0, 0))];
  const timeline = modelTimeline(frames, frameTimesMs, 1000);

  it('follows the export: values where analysed, no-face and not-analysed runs elsewhere', () => {
    expect(timeline.va.slice(0, 4)).toEqual([{ valence: 0, arousal: 0 }, { valence: 0.5, arousal: 0 }, null, { valence: -0.5, arousal: 0 }]);
    expect(timeline.expressionRuns).toEqual([{ startMs: 0, endMs: 200, value: 4 }, { startMs: 300, endMs: 400, value: 0 }, { startMs: 900, endMs: 1000, value: 0 }]);
    expect(timeline.missingRuns).toEqual([{ startMs: 200, endMs: 300, value: 'no-face' }, { startMs: 400, endMs: 900, value: 'not-analysed' }]);
    expect(timeline.auProbabilities[1]?.[0]).toBe(0.9);
    expect(timeline.auProbabilities[2]).toBeNull();
    expect(timeline.auProbabilities[5]).toBeNull();
    expect(timeline.coverage).toEqual({ frames: 10, withValue: 4, noFace: 1, notAnalysed: 5 });
    expect(describeCoverage(timeline.coverage)).toMatch(/^model values on 40 % of 10 video frames · no face 10 % · not analysed 50 % \(the machine was busy/);
    expect(describeCoverage({ frames: 3, withValue: 3, noFace: 0, notAnalysed: 0 })).toBe('model values on 100 % of 3 video frames');
    expect(describeCoverage(timeline.coverage, 'file')).toMatch(/not analysed 50 % \(skipped by a seek/);
  });
  it('runs join consecutive equal values; the last frame lasts to the session end', () => {
    expect(runsOf([1, 1, null, 1], [0, 10, 20, 30], 45)).toEqual([{ startMs: 0, endMs: 20, value: 1 }, { startMs: 30, endMs: 45, value: 1 }]);
    expect(frameEndMs([0, 10, 20], 2, 15)).toBe(30);
    expect(firstFrameAtOrAfter(frameTimesMs, 250)).toBe(3);
    expect(firstFrameAtOrAfter(frameTimesMs, 2000)).toBe(10);
  });
});
