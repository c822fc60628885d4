import { describe, expect, it } from 'vitest';
import {
  framesOfTrack,
  predictionsOnFrames,
  writeAbawAu,
  writeAbawExpression,
  writeAbawVa,
  type FrameRecord,
  type TrackedFaceRecord,
} from '../../core/session';
import type { AffectPrediction } from '../../core/labels';
import { FileOutputStream, type FileOutputs } from './outputs';

// The command line's per-track ABAW files (README "Several people at once: face tracks"): streamed per batch as
// track<id>_…, a row per analysed frame from the first batch on, named at the end.

const TASKS = ['VA_Estimation', 'EXPR_Recognition', 'AU_Detection'] as const;
const FRAME_MS = 33.366;

function p(valence: number): AffectPrediction {
  return { valence, arousal: -valence / 2, actionUnitProbabilities: [0.1, 0.9, 0.5, 0.49, 0.51, 0, 1, 0.7], expressionProbabilities: [0.1, 0.2, 0.4, 0.1, 0.1, 0.05, 0.05] };
}

/** landmarks centred at x (flattened x, y pairs, normalised) */
const at = (x: number) => [x - 0.05, 0.5, x + 0.05, 0.5];

/** A frame whose primary face is track `primary` (or no face for null), with other faces [trackId, valence, x]. */
function frame(i: number, primary: [number, number, number] | null, others: Array<[number, number, number]> = []): FrameRecord {
  if (!primary) return { mediaTimeMs: i * FRAME_MS, faceFound: false, prediction: null, landmarks: null };
  const record: FrameRecord = { mediaTimeMs: i * FRAME_MS, faceFound: true, prediction: p(primary[1]), landmarks: at(primary[2]), trackId: primary[0] };
  if (others.length > 0) record.otherFaces = others.map(([trackId, valence, x]): TrackedFaceRecord => ({ trackId, prediction: p(valence), landmarks: at(x) }));
  return record;
}

/** Each batch's pieces through one stream, then the stream (for trackFiles()). */
function stream(batches: FrameRecord[][]): { pieces: FileOutputs[]; files: FileOutputStream } {
  const files = new FileOutputStream();
  const pieces = [files.start(), ...batches.map((b) => files.rows(b)), files.end()];
  return { pieces, files };
}

const joined = (pieces: FileOutputs[], name: string) => pieces.map((piece) => piece[name] ?? '').join('');
const dataRows = (text: string) => text.trimEnd().split('\n').slice(1);

/** The whole-run ABAW files of `frames`, each row from its own frame. */
function whole(frames: FrameRecord[]): Record<(typeof TASKS)[number], string> {
  const tables = predictionsOnFrames(frames, frames.map((f) => f.mediaTimeMs));
  return { VA_Estimation: writeAbawVa(tables.va), EXPR_Recognition: writeAbawExpression(tables.expression), AU_Detection: writeAbawAu(tables.au) };
}

describe('FileOutputStream: a file set per face track', () => {
  // batch 1: frames 0–4, one face (track 1, on the right); batch 2: frames 5–19, track 2 joins on the left at frame 7
  // (13 frames together: over MIN_FRAMES_TOGETHER, so the video counts as two people)
  const first = [0, 1, 2, 3, 4].map((i) => (i === 3 ? frame(i, null) : frame(i, [1, 0.5, 0.7])));
  const second = Array.from({ length: 15 }, (_, k) => k + 5).map((i) => (i < 7 ? frame(i, [1, 0.4, 0.7]) : frame(i, [1, 0.3, 0.7], [[2, -0.6, 0.2]])));
  const all = [...first, ...second];

  it('a track appearing in the second batch: its files start with a missing row for every earlier frame, then a row per frame', () => {
    const { pieces } = stream([first, second]);
    // track 2 is unknown in batch 1: no piece for it there
    expect(Object.keys(pieces[1]).filter((n) => n.startsWith('track2_'))).toEqual([]);
    // its first piece: the header, 5 missing rows for batch 1, then batch 2's rows (absent at frames 5 and 6)
    expect(pieces[2]['track2_VA_Estimation.txt']).toBe(['valence,arousal', ...new Array(7).fill('-5,-5'), ...new Array(13).fill('-0.6000,0.3000'), ''].join('\n'));
    expect(dataRows(joined(pieces, 'track2_EXPR_Recognition.txt')).slice(0, 7)).toEqual(new Array(7).fill('-1'));
    expect(dataRows(joined(pieces, 'track2_AU_Detection.txt')).slice(0, 7)).toEqual(new Array(7).fill('-1,-1,-1,-1,-1,-1,-1,-1'));
    for (const trackId of [1, 2]) {
      const expected = whole(framesOfTrack(all, trackId));
      for (const task of TASKS) {
        const text = joined(pieces, `track${trackId}_${task}.txt`);
        expect(dataRows(text), `track ${trackId} ${task}`).toHaveLength(all.length); // a row per analysed frame
        expect(text, `track ${trackId} ${task}`).toBe(expected[task]); // the batches concatenate to the whole run's file
      }
    }
    // the primary files follow each frame's largest face, as before tracks
    const primary = whole(all);
    for (const task of TASKS) expect(joined(pieces, `${task}.txt`)).toBe(primary[task]);
  });

  it('two tracks in view together are named by where they sat: left and right', () => {
    const { files } = stream([first, second]);
    const names = (suffix: string) => TASKS.map((task) => `${suffix}_${task}.txt`);
    expect(files.trackFiles()).toEqual({
      tracks: [
        { trackId: 1, name: 'right', frames: 19, firstMs: 0, lastMs: 19 * FRAME_MS, files: names('track1').map((from, i) => ({ from, to: names('right')[i] })) },
        { trackId: 2, name: 'left', frames: 13, firstMs: 7 * FRAME_MS, lastMs: 19 * FRAME_MS, files: names('track2').map((from, i) => ({ from, to: names('left')[i] })) },
      ],
      remove: [],
    });
  });

  it('three tracks keep their track<id> names', () => {
    const third = [20, 21].map((i) => frame(i, [1, 0.1, 0.7], [[3, 0.2, 0.5]]));
    const { pieces, files } = stream([first, second, third]);
    const { tracks, remove } = files.trackFiles();
    expect(remove).toEqual([]);
    expect(tracks.map((t) => t.name)).toEqual(['track1', 'track2', 'track3']);
    for (const t of tracks) for (const { from, to } of t.files) expect(to).toBe(from);
    // track 2 left after frame 19: it still gets a (missing) row for every later frame
    expect(dataRows(joined(pieces, 'track2_VA_Estimation.txt'))).toHaveLength(22);
    expect(dataRows(joined(pieces, 'track2_VA_Estimation.txt')).slice(20)).toEqual(['-5,-5', '-5,-5']);
    expect(dataRows(joined(pieces, 'track3_VA_Estimation.txt'))).toHaveLength(22);
  });

  it('no frame with two tracked faces: the primary files are the whole result and every track file is removed', () => {
    // one person, lost for a while: a new track after, never two in one frame
    const batches = [first, [5, 6, 7].map((i) => frame(i, [4, 0.2, 0.4]))];
    const { pieces, files } = stream(batches);
    expect(files.trackFiles()).toEqual({
      tracks: [],
      remove: ['track1_VA_Estimation.txt', 'track1_EXPR_Recognition.txt', 'track1_AU_Detection.txt', 'track4_VA_Estimation.txt', 'track4_EXPR_Recognition.txt', 'track4_AU_Detection.txt'],
    });
    // the files that stay are those written before tracks
    const primary = whole(batches.flat());
    for (const task of TASKS) expect(joined(pieces, `${task}.txt`)).toBe(primary[task]);
    expect(new Set(pieces.flatMap((piece) => Object.keys(piece)).filter((n) => !n.startsWith('track')))).toEqual(
      new Set(['frames.csv', 'frames.json', 'VA_Estimation.txt', 'EXPR_Recognition.txt', 'AU_Detection.txt']),
    );
  });

  it('frames without tracks (no face anywhere) start no track file', () => {
    const { pieces, files } = stream([[0, 1].map((i) => frame(i, null))]);
    expect(pieces.flatMap((piece) => Object.keys(piece)).filter((n) => n.startsWith('track'))).toEqual([]);
    expect(files.trackFiles()).toEqual({ tracks: [], remove: [] });
  });
});

describe("FileOutputStream: the model's AU thresholds", () => {
  it("the command line's AU_Detection.txt calls each AU present from the model's own threshold, as the export does", () => {
    const frames = [frame(0, [1, 0.5, 0.5]), frame(1, null)];
    const rows = (files: FileOutputStream) => dataRows([files.start(), files.rows(frames)].map((piece) => piece['AU_Detection.txt']).join(''));
    // probabilities [0.1, 0.9, 0.5, 0.49, 0.51, 0, 1, 0.7]
    expect(rows(new FileOutputStream())).toEqual(['0,1,1,0,1,0,1,1', '-1,-1,-1,-1,-1,-1,-1,-1']);
    expect(rows(new FileOutputStream([0.05, 0.95, 0.6, 0.4, 0.6, 0.05, 0.95, 0.8]))).toEqual(['1,0,0,1,0,0,1,0', '-1,-1,-1,-1,-1,-1,-1,-1']);
  });
});
