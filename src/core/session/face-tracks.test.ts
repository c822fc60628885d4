import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { refusalOf } from '../testing/refusal';
import { seededRandom } from '../testing/seeded-random';
import { clampFrame } from './clamp-frame';
import { FaceBoxes } from './face-boxes';
import { censusOf, framesOfTrack, MIN_FRAMES_TOGETHER } from './face-tracks';
import { makeTestSession } from './test-session';
import type { FrameRecord, SessionRecord } from './types';
import { validateSessionRecord } from './validate';
import { exportSessionZip } from './zip-export';
import { importSessionZip } from './zip-import';

const random = seededRandom(7);
const prediction = () => ({
  valence: Math.round((2 * random() - 1) * 1e4) / 1e4,
  arousal: Math.round((2 * random() - 1) * 1e4) / 1e4,
  actionUnitProbabilities: Array.from({ length: 8 }, () => random()),
  expressionProbabilities: Array.from({ length: 7 }, () => 1 / 7),
});
/** 3 landmarks around x = cx */
const landmarksAt = (cx: number) => [cx - 0.01, 0.5, cx, 0.52, cx + 0.01, 0.54];

/**
 * 2 s at 30 fps, every frame analysed. Track 5 sits on the left (x ≈ 0.25), track 3 on the right (x ≈ 0.75) and is the
 * larger, primary face; from 1 s on only track 5 is in view (it becomes the primary face).
 */
function twoFaceSession(): SessionRecord {
  const frames: FrameRecord[] = Array.from({ length: 60 }, (_, k) => {
    const mediaTimeMs = Math.round((k * 1000) / 30 * 1000) / 1000;
    if (mediaTimeMs < 1000) {
      return { mediaTimeMs, faceFound: true, prediction: prediction(), landmarks: landmarksAt(0.75), trackId: 3, otherFaces: [{ trackId: 5, prediction: prediction(), landmarks: landmarksAt(0.25) }] };
    }
    return { mediaTimeMs, faceFound: true, prediction: prediction(), landmarks: landmarksAt(0.25), trackId: 5 };
  });
  const { session } = makeTestSession();
  return { ...session, frames, annotations: [] };
}

const rowsOf = (files: Record<string, Uint8Array>, name: string) => strFromU8(files[name]).trimEnd().split('\n').slice(1);
const frameTimes = Array.from({ length: 60 }, (_, k) => Math.round((k * 1000) / 30 * 1000) / 1000);
const media = new Uint8Array(4096).fill(7);
const options = { appVersion: '0.1.0', videoFrameTimesMs: frameTimes };

describe('face tracks in a session', () => {
  const session = twoFaceSession();
  const zip = exportSessionZip(session, media, options);
  const files = unzipSync(zip);

  it('names two faces seen together left and right by where they sat, whatever their ids', () => {
    expect(censusOf(session.frames).names()).toEqual(new Map([[3, 'right'], [5, 'left']]));
    const manifest = JSON.parse(strFromU8(files['manifest.json']));
    expect(manifest.tracks).toEqual([
      { trackId: 3, name: 'right', frames: 30, firstMs: 0, lastMs: frameTimes[29] },
      { trackId: 5, name: 'left', frames: 60, firstMs: 0, lastMs: frameTimes[59] },
    ]);
  });

  it('writes one ABAW file set per track with one row per video frame, besides the set of each frame\'s largest face', () => {
    // the largest face: track 3 for the first second, then track 5 alone
    expect(rowsOf(files, 'abaw/predictions_VA_Estimation.txt')).toEqual(session.frames.map((f) => `${f.prediction!.valence.toFixed(4)},${f.prediction!.arousal.toFixed(4)}`));
    const rows = (name: string) => strFromU8(files[`abaw/predictions_${name}_VA_Estimation.txt`]).trimEnd().split('\n').slice(1);
    const left = rows('left');
    const right = rows('right');
    expect(left).toHaveLength(60);
    expect(right).toHaveLength(60);
    const leftValues = framesOfTrack(session.frames, 5).map((f) => `${f.prediction!.valence.toFixed(4)},${f.prediction!.arousal.toFixed(4)}`);
    expect(left).toEqual(leftValues);
    expect(right.slice(0, 30)).toEqual(session.frames.slice(0, 30).map((f) => `${f.prediction!.valence.toFixed(4)},${f.prediction!.arousal.toFixed(4)}`));
    expect(new Set(right.slice(30))).toEqual(new Set(['-5,-5']));
    for (const kind of ['expression', 'au', 'va']) expect(files[`frames/predictions_right_${kind}.csv`]).toBeDefined();
    expect(strFromU8(files['frames/predictions_right_va.csv'])).toContain(',no-face\n');
  });

  it('writes a predictions.csv row per face with its trackId', () => {
    const lines = strFromU8(files['predictions.csv']).trimEnd().split('\n');
    expect(lines[0].endsWith(',faceFound,trackId')).toBe(true);
    expect(lines).toHaveLength(1 + 30 * 2 + 30);
    expect(lines[1].split(',').at(-1)).toBe('3');
    expect(lines[2].split(',').at(-1)).toBe('5');
    expect(lines[2].split(',')[0]).toBe(lines[1].split(',')[0]);
  });

  it('imports back every face of every frame, landmarks included', () => {
    const imported = importSessionZip(zip);
    expect(imported.session.frames).toEqual(session.frames);
  });

  it('writes each face\'s annotation tracks under the face\'s name, and imports them back as that face\'s', () => {
    const expression = (label: number, face?: number) => ({ annotator: 'Ann', kind: 'expression' as const, segments: [{ startMs: 0, endMs: 1000, label }], ...(face === undefined ? {} : { face }) });
    // "Ann_left" annotating the largest face would take Ann's left-face stem: it gets its own
    const strayName = { ...expression(6), annotator: 'Ann_left' };
    const annotated = { ...session, annotations: [expression(1), expression(2, 5), expression(3, 3), expression(4, 9), strayName] };
    const out = unzipSync(exportSessionZip(annotated, media, options));
    const labelsOf = (stem: string) => new Set(rowsOf(out, `abaw/${stem}_EXPR_Recognition.txt`).slice(0, 30));
    expect(labelsOf('Ann')).toEqual(new Set(['1']));
    expect(labelsOf('Ann_left')).toEqual(new Set(['2']));
    expect(labelsOf('Ann_right')).toEqual(new Set(['3']));
    expect(labelsOf('Ann_track9')).toEqual(new Set(['4'])); // a face the session never saw keeps its id
    expect(labelsOf('Ann_left-2')).toEqual(new Set(['6']));
    expect(JSON.parse(strFromU8(out['annotations/Ann_left_expression.json']))).toMatchObject({ face: 5 });
    expect(importSessionZip(zipSync(out as Zippable)).session.annotations).toEqual(annotated.annotations);
  });

  it('keeps each face\'s box frame by frame without the landmarks, and names the faces as the export does when the one seen first sits on the right', () => {
    // track 3 (seen first, lower id) on the right: a census without landmarks would call it "left"
    const boxes = new FaceBoxes();
    for (const frame of session.frames) boxes.add(frame);
    expect(boxes.frameCount).toBe(60);
    expect(boxes.census.names()).toEqual(new Map([[3, 'right'], [5, 'left']]));
    expect(censusOf(session.frames.map(({ landmarks: _, otherFaces, ...f }) => ({ ...f, otherFaces: otherFaces?.map(({ landmarks: _l, ...o }) => o) }))).names().get(3)).toBe('left');
    const [primary, other] = boxes.boxesAt(0);
    expect(primary.trackId).toBe(3);
    expect(primary.minX).toBeCloseTo(0.74, 6);
    expect(primary.maxX).toBeCloseTo(0.76, 6);
    expect(primary.minY).toBeCloseTo(0.5, 6);
    expect(primary.maxY).toBeCloseTo(0.54, 6);
    expect(other.trackId).toBe(5);
    expect(other.minX).toBeCloseTo(0.24, 6);
    expect(boxes.boxesAt(45).map((b) => b.trackId)).toEqual([5]); // from 1 s on only track 5
    expect(boxes.boxesAt(60)).toEqual([]);
    expect(boxes.boxesAt(-1)).toEqual([]);
  });

  it('refuses a session with two tracks of one annotator, kind and face, and accepts them for two faces', () => {
    const track = { annotator: 'Bo', kind: 'expression' as const, segments: [{ startMs: 0, endMs: 1000, label: 1 }] };
    expect(validateSessionRecord({ ...session, annotations: [track, { ...track, face: 3 }, { ...track, face: 5 }] }).annotations).toHaveLength(3);
    const refusal = refusalOf(() => validateSessionRecord({ ...session, annotations: [{ ...track, face: 3 }, { ...track, face: 3 }] }));
    expect(refusal.message).toMatch(/annotations\[1\]: expected one 'expression' track per annotator and face, got "a second one of face 3 for/);
    expect(refusalOf(() => validateSessionRecord({ ...session, annotations: [{ ...track, face: -1 }] })).message).toMatch(/annotations\[0\]\.face/);
  });

  it('refuses an import whose frame lists a track twice, or other faces without its own track', () => {
    const edited = (change: (rows: any[]) => void) => {
      const copy = unzipSync(zip);
      const rows = JSON.parse(strFromU8(copy['predictions.json']));
      change(rows);
      copy['predictions.json'] = strToU8(JSON.stringify(rows));
      return zipSync(copy as Zippable);
    };
    const twice = refusalOf(() => importSessionZip(edited((rows) => { rows[4].otherFaces[0].trackId = 3; })));
    expect(twice.code).toBe('import-invalid');
    expect(twice.message).toMatch(/frames\[4\]\.otherFaces\[0\]\.trackId: expected a track id no other face of the frame has, got 3/);
    const orphan = refusalOf(() => importSessionZip(edited((rows) => { delete rows[2].trackId; })));
    expect(orphan.message).toMatch(/frames\[2\]\.trackId: expected the primary face's track id/);
    const negative = refusalOf(() => importSessionZip(edited((rows) => { rows[1].otherFaces[0].trackId = -1; })));
    expect(negative.message).toMatch(/frames\[1\]\.otherFaces\[0\]\.trackId/);
  });

  it('names tracks by id when two were never in view together, or when there are three', () => {
    const apart: FrameRecord[] = [
      { mediaTimeMs: 0, faceFound: true, prediction: null, trackId: 1, landmarks: landmarksAt(0.8) },
      { mediaTimeMs: 40, faceFound: true, prediction: null, trackId: 2, landmarks: landmarksAt(0.2) },
    ];
    expect(censusOf(apart).names()).toEqual(new Map([[1, 'track1'], [2, 'track2']]));
    const three = Array.from({ length: MIN_FRAMES_TOGETHER }, (_, k): FrameRecord => ({
      mediaTimeMs: 40 * k, faceFound: true, prediction: null, trackId: 1, otherFaces: [{ trackId: 2, prediction: null }, { trackId: 4, prediction: null }],
    }));
    expect([...censusOf(three).names().values()]).toEqual(['track1', 'track2', 'track4']);
    const zipped = unzipSync(exportSessionZip({ ...session, frames: three }, media, options));
    const tasks = ['AU_Detection', 'EXPR_Recognition', 'VA_Estimation'];
    expect(Object.keys(zipped).filter((n) => n.startsWith('abaw/')).sort()).toEqual(
      ['', '_track1', '_track2', '_track4'].flatMap((t) => tasks.map((task) => `abaw/predictions${t}_${task}.txt`)),
    );
  });

  it('keeps the one-face layout when no two faces shared 10 frames: one track, one face lost and found again under a new id, a stray second face', () => {
    const one = { ...session, frames: framesOfTrack(session.frames, 5) };
    const lostAndFound = { ...session, frames: one.frames.map((f) => (f.mediaTimeMs >= 1000 ? { ...f, trackId: 9 } : f)) };
    const stray = { ...session, frames: one.frames.map((f, k) => (k < MIN_FRAMES_TOGETHER - 1 ? { ...f, otherFaces: [{ trackId: 6, prediction: null }] } : f)) };
    for (const s of [one, lostAndFound, stray]) {
      expect(JSON.parse(strFromU8(unzipSync(exportSessionZip(s, media, options))['manifest.json'])).tracks).toBeUndefined();
      const zipped = unzipSync(exportSessionZip(s, media, options));
      expect(strFromU8(zipped['abaw/predictions_VA_Estimation.txt']).trimEnd().split('\n')).toHaveLength(61);
      expect(Object.keys(zipped).filter((n) => n.startsWith('abaw/predictions_'))).toHaveLength(3);
    }
  });

  it('repairs each other face on the way into the store, and counts it', () => {
    const frame: FrameRecord = { ...session.frames[0], otherFaces: [{ trackId: 5, prediction: { ...prediction(), valence: 1.0000001 }, landmarks: [NaN, 0] }] };
    const { frame: clean, repairs } = clampFrame(frame);
    expect(repairs).toEqual({ clampedValues: 1, droppedPredictions: 0, droppedLandmarks: 1 });
    expect(clean.otherFaces![0].prediction!.valence).toBe(1);
    expect(clean.otherFaces![0].landmarks).toBeNull();
    expect(() => validateSessionRecord({ ...session, frames: [clean] }, 'import-invalid', 'session')).not.toThrow();
  });
});
