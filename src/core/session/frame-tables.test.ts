import { describe, expect, it } from 'vitest';
import { writeAbawVa } from './abaw';
import { frameSources, uniformFrameTimesMs } from './align';
import { annotationOnFrames, predictionsOnFrames, vaTrackOnFrames } from './frame-tables';
import { frameTrackCsv, frameTrackJson } from './tables';
import type { FrameRecord, VaTrack } from './types';

const frames30 = (durationMs: number) => uniformFrameTimesMs(durationMs, 30);
const rating = (timesMs: number[]): VaTrack => ({
  annotator: 'A',
  kind: 'va',
  rateHz: 10,
  // valence = t / 1000 and arousal = −t / 1000: an interpolated frame must get exactly its own time back
  samples: timesMs.map((t) => ({ mediaTimeMs: t, valence: t / 1000, arousal: -t / 1000 })),
});
const abawRows = (text: string) => text.trimEnd().split('\n').slice(1);

describe('frameSources (30 fps frames, 200 ms limit)', () => {
  it('a record at the frame; else two records ≤ 200 ms apart around it; else the nearest within half a frame; else none', () => {
    // frames 0, 33.3, 66.7, 100, 133.3; records 0, 100, 140 (40 ms after 100: bridged), none after 140
    const sources = frameSources([0, 100 / 3, 200 / 3, 100, 400 / 3, 500 / 3], [0, 100, 140], 200);
    expect(sources[0]).toEqual({ kind: 'record', index: 0 });
    expect(sources[1]).toMatchObject({ kind: 'between', before: 0, after: 1 });
    expect(sources[1].kind === 'between' && sources[1].weightAfter).toBeCloseTo(1 / 3, 12);
    expect(sources[3]).toEqual({ kind: 'record', index: 1 });
    expect(sources[4]).toMatchObject({ kind: 'between', before: 1, after: 2 });
    // 166.7 is 26.7 ms past the last record, more than half a frame (16.7 ms)
    expect(sources[5]).toEqual({ kind: 'none' });
    // 300 ms between records is too long: only the frames within half a frame of either end get one
    // (frame 0: 10 ms from the record at 10 ms; frames 1 (33.3 ms) … 8 (266.7 ms): none; frame 9: the record at 300 ms)
    expect(frameSources(frames30(310), [10, 300], 200).map((s) => s.kind)).toEqual(['record', ...new Array(8).fill('none'), 'record']);
    expect(() => frameSources([0], [0], -1)).toThrow(/maxGapMs: expected a finite gap ≥ 0 ms, got -1/);
  });
});

describe('annotation ratings on video frames', () => {
  it('a 10 Hz rating over 1 s gives a value on every 30 fps frame it covers, linearly interpolated', () => {
    const frameTimesMs = frames30(1100); // frames 0…32, frame 30 at 1000 ms
    const va = vaTrackOnFrames(rating([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]), frameTimesMs);
    for (let k = 0; k <= 30; k++) {
      expect(va[k]!.valence).toBeCloseTo(frameTimesMs[k] / 1000, 12);
      expect(va[k]!.arousal).toBeCloseTo(-frameTimesMs[k] / 1000, 12);
    }
    // frame 31 (1033 ms) is 33 ms past the last sample
    expect(va.slice(31)).toEqual([null, null]);
    expect(abawRows(writeAbawVa(va)).slice(0, 31)).not.toContain('-5,-5');
  });

  it('a gap of 300 ms between samples gives -5 on the frames inside it, marked not-rated', () => {
    // samples 0, 100, 200, then 500, 600: frames 7 (233 ms) … 14 (467 ms) lie in the gap, > half a frame from either end
    const frameTimesMs = frames30(620);
    const track = annotationOnFrames(rating([0, 100, 200, 500, 600]), frameTimesMs);
    const rows = abawRows(writeAbawVa(track.kind === 'va' ? track.values : []));
    expect(rows.map((r) => r === '-5,-5')).toEqual(frameTimesMs.map((_, k) => k >= 7 && k <= 14));
    expect(track.missing.map((m) => m === 'not-rated')).toEqual(frameTimesMs.map((_, k) => k >= 7 && k <= 14));
    expect(rows[6]).toBe('0.2000,-0.2000');
    expect(rows[15]).toBe('0.5000,-0.5000');
  });

  it('an AU frame with any AU not rated is marked not-rated', () => {
    const track = annotationOnFrames({ annotator: 'A', kind: 'au', toggles: [{ startMs: 0, endMs: 50, au: 1, present: true }] }, [0, 100]);
    expect(track.missing).toEqual(['not-rated', 'not-rated']);
    expect(track.values[0]).toEqual([null, 1, null, null, null, null, null, null]);
  });
});

/** Model records every `stepMs` from 0 to endMs; valence = t/1000; expression argmax = 4 before 500 ms, 6 after. */
function modelRecords(stepMs: number, endMs: number, face: (t: number) => boolean = () => true): FrameRecord[] {
  const records: FrameRecord[] = [];
  for (let t = 0; t <= endMs; t += stepMs) {
    const found = face(t);
    const top = t < 500 ? 4 : 6;
    records.push({
      mediaTimeMs: t,
      faceFound: found,
      prediction: found
        ? {
            valence: t / 1000,
            arousal: 0.5,
            expressionProbabilities: Array.from({ length: 7 }, (_, i) => (i === top ? 0.4 : 0.1)),
            actionUnitProbabilities: Array.from({ length: 8 }, (_, i) => (i === 0 && t >= 500 ? 0.9 : 0.1)),
          }
        : null,
    });
  }
  return records;
}

describe('model outputs on video frames', () => {
  it('a model analysed at ~20 fps with a face in every frame gives no -5 on 30 fps frames', () => {
    const frameTimesMs = frames30(1000);
    // 20 fps with up to ±7 ms of jitter, as a live loop below the camera's rate delivers
    const records = modelRecords(50, 1000).map((r, i) => ({ ...r, mediaTimeMs: r.mediaTimeMs + [0, 7, -5, 3][i % 4] }));
    const tables = predictionsOnFrames(records, frameTimesMs);
    expect(abawRows(writeAbawVa(tables.va))).not.toContain('-5,-5');
    expect(tables.missing.every((m) => m === null)).toBe(true);
    expect(tables.expression.every((e) => e !== null)).toBe(true);
  });

  it('interpolates valence/arousal and takes expression and AUs from the nearer analysed frame', () => {
    const records = modelRecords(50, 1000);
    // frame 15 at 500 ms: a record; 516.7 ms: 1/3 of the way from 500 to 550 → valence 0.5167, nearer record 500
    const tables = predictionsOnFrames(records, [500, 1550 / 3, 1600 / 3]);
    expect(tables.va[1]!.valence).toBeCloseTo(1550 / 3 / 1000, 12);
    expect(tables.expression).toEqual([6, 6, 6]);
    // 483.3 ms: 2/3 of the way from 450 (Happiness) to 500 (Surprise) → the nearer, 500
    expect(predictionsOnFrames(records, [1450 / 3]).expression).toEqual([6]);
    expect(predictionsOnFrames(records, [1400 / 3]).expression).toEqual([4]);
    expect(predictionsOnFrames(records, [1450 / 3]).au[0][0]).toBe(1);
  });

  it('keeps no-face frames at -5, marked no-face, and marks frames no analysed frame is near as not-analysed', () => {
    // no face from 400 to 600 ms; the model stops at 800 ms
    const records = modelRecords(50, 800, (t) => t < 400 || t > 600);
    const frameTimesMs = frames30(1000);
    const tables = predictionsOnFrames(records, frameTimesMs);
    const rows = abawRows(writeAbawVa(tables.va));
    // frame 11 (366.7 ms): nearer 350 (face) → a value; frames 12 (400 ms) … 18 (600 ms): the nearer record found no face;
    // frame 19 (633.3 ms): nearer 650 (face) → a value; frames from 25 (833.3 ms) on: 33 ms or more past the last record
    const expected = frameTimesMs.map((_, k) => (k >= 12 && k <= 18 ? 'no-face' : k >= 25 ? 'not-analysed' : null));
    expect(tables.missing).toEqual(expected);
    expect(rows.map((r) => r === '-5,-5')).toEqual(expected.map((m) => m !== null));
    // held, not interpolated towards a frame without a face
    expect(tables.va[11]!.valence).toBeCloseTo(0.35, 12);
  });
});

describe('per-frame CSV and JSON', () => {
  const frameTimesMs = [0, 100, 200];
  const track = { kind: 'va' as const, values: [{ valence: 0.5, arousal: -0.25 }, null, null], missing: [null, 'no-face' as const, 'not-analysed' as const] };

  it('CSV: frame, mediaTimeMs, values (empty where missing) and why a value is missing', () => {
    expect(frameTrackCsv(track, frameTimesMs)).toBe(
      'frame,mediaTimeMs,valence,arousal,missing\n0,0,0.500000,-0.250000,\n1,100,,,no-face\n2,200,,,not-analysed\n',
    );
    expect(frameTrackCsv({ kind: 'expression', values: [4, null], missing: [null, 'not-rated'] }, [0, 40])).toBe(
      'frame,mediaTimeMs,label,expression,missing\n0,0,4,Happiness,\n1,40,,,not-rated\n',
    );
  });

  it('JSON: the same rows with null values and the reason', () => {
    expect(JSON.parse(frameTrackJson(track, frameTimesMs))).toEqual([
      { frame: 0, mediaTimeMs: 0, valence: 0.5, arousal: -0.25, missing: null },
      { frame: 1, mediaTimeMs: 100, valence: null, arousal: null, missing: 'no-face' },
      { frame: 2, mediaTimeMs: 200, valence: null, arousal: null, missing: 'not-analysed' },
    ]);
    const au = JSON.parse(frameTrackJson({ kind: 'au', values: [[1, 0, null, null, null, null, null, null]], missing: ['not-rated'] }, [0]));
    expect(au[0]).toMatchObject({ actionUnits: { AU1: 1, AU2: 0, AU4: null }, missing: 'not-rated' });
  });
});
