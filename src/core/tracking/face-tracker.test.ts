import { describe, expect, it } from 'vitest';
import type { PixelBox } from '../geometry';
import { FaceTracker, validateFaceTrackerOptions } from './face-tracker';

const FRAME_MS = 1000 / 30;
const box = (xPx: number, yPx: number, widthPx: number): PixelBox => ({ xPx, yPx, widthPx, heightPx: widthPx * 1.2 });

/** Runs `frames` frames of `facesAt(frame)` and returns each frame's track ids. */
function run(tracker: FaceTracker, frames: number, facesAt: (frame: number) => PixelBox[], startMs = 0): (number | null)[][] {
  return Array.from({ length: frames }, (_, frame) => tracker.update(facesAt(frame), startMs + frame * FRAME_MS).trackIds);
}

/** Two faces crossing over `frames` frames: `a` from the left edge to the right, `b` the other way. */
function crossing(frames: number, a: { yPx: number; widthPx: number }, b: { yPx: number; widthPx: number }) {
  const left = 40;
  const right = 480;
  const at = (frame: number, from: number, to: number) => from + ((to - from) * frame) / (frames - 1);
  return (frame: number) => [box(at(frame, left, right), a.yPx, a.widthPx), box(at(frame, right, left), b.yPx, b.widthPx)];
}

describe('FaceTracker', () => {
  it('keeps the same ids for steady faces (with a little jitter)', () => {
    const tracker = new FaceTracker({ maxTracks: 2 });
    const ids = run(tracker, 60, (f) => [box(100 + (f % 3), 120, 120), box(400 - (f % 2), 150, 90)]);
    expect(ids[0]).toEqual([1, 2]);
    for (const frame of ids) expect(frame).toEqual([1, 2]);
  });

  it('numbers new faces largest first and reports the tracks alive', () => {
    const tracker = new FaceTracker({ maxTracks: 4 });
    const update = tracker.update([box(400, 100, 60), box(50, 100, 150)], 0);
    expect(update.trackIds).toEqual([2, 1]);
    expect(update.liveTrackIds).toEqual([1, 2]);
    expect(update.endedTrackIds).toEqual([]);
  });

  it('a face that leaves and comes back near where it left within memoryMs keeps its id', () => {
    const tracker = new FaceTracker({ maxTracks: 2, memoryMs: 1000 });
    run(tracker, 10, () => [box(200, 100, 120)]);
    const gone = tracker.update([], 10 * FRAME_MS);
    expect(gone.liveTrackIds).toEqual([1]); // remembered
    expect(gone.endedTrackIds).toEqual([]);
    // back 0.8 s later, 30 px to the right
    const back = tracker.update([box(230, 105, 118)], 10 * FRAME_MS + 800);
    expect(back.trackIds).toEqual([1]);
  });

  it('after memoryMs the track ends; a face back where it left within rejoinMs takes its id again, elsewhere a new one', () => {
    const tracker = new FaceTracker({ maxTracks: 2, memoryMs: 1000 });
    run(tracker, 10, () => [box(200, 100, 120)]);
    const lastSeenMs = 9 * FRAME_MS;
    expect(tracker.update([], lastSeenMs + 900).endedTrackIds).toEqual([]);
    const after = tracker.update([], lastSeenMs + 1001);
    expect(after.endedTrackIds).toEqual([1]);
    expect(after.liveTrackIds).toEqual([]);
    // 4 s later, a little off where it left (looked away): id 1 again; a face across the picture: a new id
    const back = tracker.update([box(215, 110, 110), box(520, 100, 120)], lastSeenMs + 4000);
    expect(back.trackIds).toEqual([1, 2]);
    expect(back.liveTrackIds).toEqual([1, 2]);
  });

  it('no rejoining after rejoinMs, nor with rejoinMs 0', () => {
    const late = new FaceTracker({ maxTracks: 2, memoryMs: 1000, rejoinMs: 10_000 });
    run(late, 10, () => [box(200, 100, 120)]);
    late.update([], 2000);
    expect(late.update([box(200, 100, 120)], 9 * FRAME_MS + 10_001).trackIds).toEqual([2]);
    const never = new FaceTracker({ maxTracks: 2, memoryMs: 1000, rejoinMs: 0 });
    run(never, 10, () => [box(200, 100, 120)]);
    never.update([], 2000);
    expect(never.update([box(200, 100, 120)], 2100).trackIds).toEqual([2]);
  });

  it('two people, one looks away for 3 s: each face keeps its own id (the nearest ended track)', () => {
    const tracker = new FaceTracker({ maxTracks: 2, memoryMs: 1000 });
    run(tracker, 10, () => [box(60, 100, 120), box(420, 100, 120)]);
    // the right one is gone for 3 s (ended after 1 s), the left one stays
    const away = run(tracker, 90, () => [box(60, 100, 120)], 10 * FRAME_MS);
    expect(away.every((ids) => ids[0] === 1)).toBe(true);
    expect(tracker.update([box(60, 100, 120), box(430, 105, 115)], 100 * FRAME_MS).trackIds).toEqual([1, 2]);
  });

  it('a face appearing somewhere else while one is remembered gets its own id', () => {
    const tracker = new FaceTracker({ maxTracks: 2 });
    run(tracker, 5, () => [box(50, 100, 100)]);
    expect(tracker.update([box(450, 100, 100)], 300).trackIds).toEqual([2]);
    // the first comes back where it left: still 1
    expect(tracker.update([box(455, 100, 100), box(52, 100, 100)], 400).trackIds).toEqual([2, 1]);
  });

  it('two faces walking past each other (near and far) over 30 frames: ids follow the faces, not the sides', () => {
    const tracker = new FaceTracker({ maxTracks: 2 });
    const ids = run(tracker, 30, crossing(30, { yPx: 100, widthPx: 120 }, { yPx: 180, widthPx: 80 }));
    // face a starts on the left and ends on the right; it keeps id 1 throughout
    for (const frame of ids) expect(frame).toEqual([1, 2]);
  });

  it('two same-size faces crossing at the same height keep their ids by their motion', () => {
    const tracker = new FaceTracker({ maxTracks: 2 });
    // Every frame each moves 15 px; at the crossing one stands exactly where the other was a frame before.
    const ids = run(tracker, 30, crossing(30, { yPx: 120, widthPx: 100 }, { yPx: 120, widthPx: 100 }));
    for (const frame of ids) expect(frame).toEqual([1, 2]);
  });

  it('fast motion without overlap is followed by centre distance', () => {
    const tracker = new FaceTracker({ maxTracks: 2 });
    // 90 px a frame for a 100 px wide face: IoU ≈ 0.05 < minIou, centre shift 0.9 widths
    const ids = run(tracker, 6, (f) => [box(20 + 90 * f, 100, 100)]);
    expect(ids.flat()).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('the reach of a match by centre distance grows with the time since the face was seen (a slow frame rate)', () => {
    // 140 px a frame for a 100 px wide face: 1.4 widths, beyond maxCentreShift (1) at 30 fps…
    const fast = new FaceTracker({ maxTracks: 2 });
    expect(run(fast, 3, (f) => [box(20 + 140 * f, 100, 100)]).flat()).toEqual([1, 2, null]);
    // …but within reach at 2 fps: 1 + 2 widths/s × 0.5 s = 2 widths
    const slow = new FaceTracker({ maxTracks: 2 });
    const ids = [0, 1, 2, 3].map((f) => slow.update([box(20 + 140 * f, 100, 100)], 500 * f).trackIds[0]);
    expect(ids).toEqual([1, 1, 1, 1]);
  });

  it('a stalled source (no frames for 1.2 s) ends nothing: walking faces are found again in the next frame', () => {
    const tracker = new FaceTracker({ maxTracks: 2, memoryMs: 1000 });
    run(tracker, 10, () => [box(100, 50, 110), box(500, 300, 90)]);
    // 1.2 s later the faces have moved 1.5 and 2.1 of their widths (the fake camera looping its file, a busy tab)
    const after = tracker.update([box(265, 50, 110), box(310, 300, 90)], 9 * FRAME_MS + 1200);
    expect(after.endedTrackIds).toEqual([]);
    expect(after.trackIds).toEqual([1, 2]);
  });

  it('a third face beyond maxTracks is not tracked until a slot frees up', () => {
    const tracker = new FaceTracker({ maxTracks: 2, memoryMs: 1000 });
    const three = () => [box(20, 100, 150), box(250, 100, 120), box(480, 100, 80)];
    const ids = run(tracker, 10, three);
    for (const frame of ids) expect(frame).toEqual([1, 2, null]);
    // face 2 leaves: its slot is held for memoryMs (frames at 30 fps), then the third face gets a new id (3)
    const twoLeft = () => [box(20, 100, 150), box(480, 100, 80)];
    const after = run(tracker, 40, twoLeft, 10 * FRAME_MS);
    const freedAt = after.findIndex((ids) => ids[1] !== null);
    expect(after.slice(0, freedAt).every((ids) => ids[0] === 1 && ids[1] === null)).toBe(true);
    // track 2 was last seen at frame 9 and ends once more than 1000 ms have passed: at frame 10 + 30 (1000 ms after frame 10)
    expect(10 * FRAME_MS + freedAt * FRAME_MS - 9 * FRAME_MS).toBeGreaterThan(1000);
    expect(after[freedAt]).toEqual([1, 3]);
  });

  it('time going back (a seek) ends every track; a face where one was seen within rejoinMs of media time takes it back', () => {
    const tracker = new FaceTracker();
    const before = tracker.update([box(100, 100, 100)], 4900);
    run(tracker, 3, () => [box(100, 100, 100)], 5000);
    // back 4 s, the face in the same place: the same person (a seek of a few seconds)
    const near = tracker.update([box(100, 100, 100)], 1000);
    expect(near.endedTrackIds).toEqual([1]);
    expect(near.trackIds).toEqual([1]);
    expect(near.liveTrackIds).toEqual([1]);
    // ended and rejoined in one frame: the id is the same, the run is new (its recurrent state must start anew)
    expect(near.trackRuns).not.toEqual(before.trackRuns);
    expect(tracker.update([box(100, 100, 100)], 1033).trackRuns).toEqual(near.trackRuns);
    run(tracker, 3, () => [box(100, 100, 100)], 60_000);
    // back 59 s: too far in time to say, a new id
    const far = tracker.update([box(100, 100, 100)], 1000);
    expect(far.endedTrackIds).toEqual([1]);
    expect(far.trackIds).toEqual([2]);
    expect(tracker.reset()).toEqual([2]);
    // reset ends for good: nothing comes back
    expect(tracker.update([box(100, 100, 100)], 1100).trackIds).toEqual([3]);
  });

  it('setMaxTracks ends every track (reported next frame) and ids keep increasing', () => {
    const tracker = new FaceTracker({ maxTracks: 1 });
    expect(tracker.update([box(100, 100, 100), box(300, 100, 80)], 0).trackIds).toEqual([1, null]);
    tracker.setMaxTracks(2);
    const update = tracker.update([box(100, 100, 100), box(300, 100, 80)], 33);
    expect(update.endedTrackIds).toEqual([1]);
    expect(update.trackIds).toEqual([2, 3]);
    expect(tracker.options.maxTracks).toBe(2);
    expect(() => tracker.setMaxTracks(9)).toThrow(/maxTracks an integer in 1–8, got 9/);
  });

  it('rejects contradictory options at once', () => {
    expect(() => validateFaceTrackerOptions({ maxTracks: 0 })).toThrow(/maxTracks an integer in 1–8, got 0/);
    expect(() => validateFaceTrackerOptions({ memoryMs: -1 })).toThrow(/memoryMs ≥ 0/);
    expect(() => validateFaceTrackerOptions({ minIou: 0 })).toThrow(/minIou/);
    expect(() => validateFaceTrackerOptions({ rejoinMs: Number.NaN })).toThrow(/rejoinMs ≥ 0/);
    expect(validateFaceTrackerOptions({ maxTracks: 4 }).maxTracks).toBe(4);
  });
});
