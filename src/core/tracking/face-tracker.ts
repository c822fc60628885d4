/**
 * A stable id per face across frames (a "track"), from the faces' landmark boxes alone.
 *
 * The rule, applied to each frame in time order:
 * 1. Tracks unseen for more than `memoryMs` that were also missing from the previous frame end (their ids are
 *    reported in `endedTrackIds`): absence is counted over frames that came, so a stalled source
 *    (no frames at all for a while) ends nothing. A frame whose time goes back (a seek, a new source) ends every track.
 * 2. Each face found is matched to a track by its box against where the track is expected: its last box moved on
 *    at the track's recent velocity (for at most MAX_EXTRAPOLATION_MS), greedily, best pair first:
 *    pairs that overlap (IoU ≥ `minIou`) by IoU, highest first; then, for fast motion that leaves no overlap
 *    (or a face coming back after a gap), pairs whose centres lie within `maxCentreShift` face-widths and whose
 *    widths differ by at most 2×, nearest first. For a track seen in the previous frame that reach grows by the
 *    distance a face covers at MAX_SPEED_WIDTHS_PER_S between the two frames (up to `memoryMs`): a slow frame rate or
 *    a stall must not lose a walking face, while a face away for a while must come back near where it left. Each track and each face is used once. A remembered track
 *    (unseen for ≤ `memoryMs`) is matched like a visible one: a face that comes back near where it left keeps its id.
 * 3. A face left unmatched that appears where a track ended (rule 1, or a seek) no more than `rejoinMs` of media time
 *    before or after it was last seen — its centre within `maxCentreShift` face widths of that track's last box, widths
 *    within 2× — takes that track's id again (the nearest such track first; "rejoined"): someone who looked away for a
 *    few seconds, or a seek of a few seconds in a file, keeps their id and their files. Its recurrent state starts anew,
 *    as after any end (the track's `run` changes: a consumer keying recurrent state by id and run never carries it
    over, even when the end and the rejoin fall in one frame, as after a seek). This is a rule of place, not a recognition of faces: another person sitting down in the same
 *    place within `rejoinMs` takes the id too.
 * 4. Faces left unmatched start new tracks (ids 1, 2, 3, …), largest first, while fewer than `maxTracks` tracks
 *    are alive (visible or remembered); a face beyond that is not tracked (its id is null) until a slot frees up.
 *    An id is never given to a new track twice; only rule 3 brings an ended one back. setMaxTracks and reset end
 *    tracks for good.
 *
 * Greedy matching is enough here: at most a few faces, which move a fraction of their width between frames,
 * so the best pair is the right one (a Hungarian assignment changes nothing at these sizes). Faces walking past
 * each other keep their ids because each is matched where its own motion carries it, not where the other was.
 */
import { AffectscopeError } from '../errors';
import type { PixelBox } from '../geometry';
import { boxIou, centreShift } from './box-overlap';

export interface FaceTrackerOptions {
  /** most faces tracked at once (1–8) */
  maxTracks: number;
  /** how long a face unseen keeps its id, ms */
  memoryMs: number;
  /** least box overlap (IoU ∈ (0, 1]) that counts as the same face */
  minIou: number;
  /** farthest the centre may move (in face widths) for a match without enough overlap */
  maxCentreShift: number;
  /** how long (media time, either way) an ended track may be rejoined by a face where it was last seen, ms; 0 = never */
  rejoinMs: number;
}

/** Live camera: two people on a call; a file (a recorded conversation, a panel): up to four. */
export const LIVE_MAX_TRACKS = 2;
export const FILE_MAX_TRACKS = 4;

export const DEFAULT_FACE_TRACKER_OPTIONS: FaceTrackerOptions = {
  maxTracks: LIVE_MAX_TRACKS,
  memoryMs: 1000,
  minIou: 0.1,
  maxCentreShift: 1,
  // a look away, a cough into the hand, a file's seek of a few seconds
  rejoinMs: 10_000,
};

/** Widths of two boxes matched by centre distance alone may differ by at most this factor. */
const MAX_WIDTH_RATIO = 2;
/** A track's expected box moves on at its velocity for at most this long: people turn, stop, sit down. */
const MAX_EXTRAPOLATION_MS = 250;
/** A face walking briskly near the camera crosses about two of its widths a second. */
const MAX_SPEED_WIDTHS_PER_S = 2;
/** Weight of the newest displacement in the smoothed velocity. */
const VELOCITY_SMOOTHING = 0.5;

export function validateFaceTrackerOptions(options: Partial<FaceTrackerOptions> = {}): FaceTrackerOptions {
  const o = { ...DEFAULT_FACE_TRACKER_OPTIONS, ...options };
  const fail = (what: string, got: unknown) => {
    throw new AffectscopeError('invalid-options', `face tracker: expected ${what}, got ${String(got)}`);
  };
  if (!Number.isInteger(o.maxTracks) || o.maxTracks < 1 || o.maxTracks > 8) fail('maxTracks an integer in 1–8', o.maxTracks);
  if (!(o.memoryMs >= 0) || !Number.isFinite(o.memoryMs)) fail('memoryMs ≥ 0', o.memoryMs);
  if (!(o.minIou > 0 && o.minIou <= 1)) fail('minIou ∈ (0, 1]', o.minIou);
  if (!(o.maxCentreShift >= 0) || !Number.isFinite(o.maxCentreShift)) fail('maxCentreShift ≥ 0', o.maxCentreShift);
  if (!(o.rejoinMs >= 0) || !Number.isFinite(o.rejoinMs)) fail('rejoinMs ≥ 0', o.rejoinMs);
  return o;
}

export interface TrackUpdate {
  /** per face given, in the same order: its track id, or null when it is beyond `maxTracks` */
  trackIds: (number | null)[];
  /**
   * per face, in the same order: the serial number of its track's current run (null with no track). A track's run
   * is new each time it starts or rejoins (rule 3) and never repeats: state kept for a face by (id, run) is never
   * carried over an end, even one that the same frame's rejoin hides from `liveTrackIds`.
   */
  trackRuns: (number | null)[];
  /** tracks that ended at this frame (unseen too long, or time went back); one may come back later (rule 3) */
  endedTrackIds: number[];
  /** every track alive after this frame, visible or remembered, ascending */
  liveTrackIds: number[];
}

interface Track {
  id: number;
  /** this run of the track: a new serial number at each start or rejoin */
  run: number;
  /** the box where the face was last seen, pixels */
  box: PixelBox;
  lastSeenMs: number;
  /** smoothed motion of the box centre, px/ms (0 until the face is seen twice) */
  velocityXPxPerMs: number;
  velocityYPxPerMs: number;
}

interface Candidate {
  track: Track;
  face: number;
  iou: number;
  shift: number;
}

export class FaceTracker {
  private checked: FaceTrackerOptions;
  private tracks: Track[] = [];
  /** ended tracks a face may rejoin (rule 3), each where and when it was last seen */
  private departed: Track[] = [];
  private nextId = 1;
  private nextRun = 1;
  private lastTimestampMs = -Infinity;
  /** tracks ended outside update() (setMaxTracks), reported by the next update() */
  private endedSinceUpdate: number[] = [];

  constructor(options: Partial<FaceTrackerOptions> = {}) {
    this.checked = validateFaceTrackerOptions(options);
  }

  get options(): FaceTrackerOptions {
    return { ...this.checked };
  }

  /** Changes the most faces tracked: every track ends for good (reported by the next update); ids keep increasing. */
  setMaxTracks(maxTracks: number): void {
    this.checked = validateFaceTrackerOptions({ ...this.checked, maxTracks });
    this.endedSinceUpdate.push(...this.endAll());
    this.departed = [];
  }

  /** One frame's faces (landmark boxes, pixels) at `timestampMs`; see the module header for the rule. */
  update(boxes: readonly PixelBox[], timestampMs: number): TrackUpdate {
    const endedTrackIds = this.endedSinceUpdate.splice(0);
    const { memoryMs, maxTracks, rejoinMs } = this.checked;
    const ending = timestampMs < this.lastTimestampMs
      ? this.tracks
      : this.tracks.filter((t) => timestampMs - t.lastSeenMs > memoryMs && t.lastSeenMs < this.lastTimestampMs);
    const previousFrameMs = this.lastTimestampMs;
    this.lastTimestampMs = timestampMs;
    for (const track of ending) endedTrackIds.push(track.id);
    this.tracks = this.tracks.filter((t) => !ending.includes(t));
    this.departed = [...this.departed, ...ending].filter((t) => Math.abs(timestampMs - t.lastSeenMs) <= rejoinMs);

    const trackIds: (number | null)[] = boxes.map(() => null);
    const trackRuns: (number | null)[] = boxes.map(() => null);
    const usedTracks = new Set<Track>();
    for (const { track, face } of this.candidates(this.tracks, boxes, timestampMs, previousFrameMs)) {
      if (usedTracks.has(track) || trackIds[face] !== null) continue;
      usedTracks.add(track);
      trackIds[face] = track.id;
      trackRuns[face] = track.run;
      see(track, boxes[face], timestampMs);
    }
    // rule 3: a face where a track ended not long ago takes its id back (nearest first), while slots are free
    for (const { track, face } of this.rejoinCandidates(boxes, trackIds)) {
      if (this.tracks.length >= maxTracks) break;
      if (usedTracks.has(track) || trackIds[face] !== null) continue;
      usedTracks.add(track);
      const run = this.nextRun++;
      trackIds[face] = track.id;
      trackRuns[face] = run;
      this.departed = this.departed.filter((t) => t !== track);
      this.tracks.push({ id: track.id, run, box: boxes[face], lastSeenMs: timestampMs, velocityXPxPerMs: 0, velocityYPxPerMs: 0 });
    }
    const unmatched = boxes.map((_, i) => i).filter((i) => trackIds[i] === null);
    unmatched.sort((a, b) => area(boxes[b]) - area(boxes[a]));
    for (const face of unmatched) {
      if (this.tracks.length >= maxTracks) break;
      const track = { id: this.nextId++, run: this.nextRun++, box: boxes[face], lastSeenMs: timestampMs, velocityXPxPerMs: 0, velocityYPxPerMs: 0 };
      this.tracks.push(track);
      trackIds[face] = track.id;
      trackRuns[face] = track.run;
    }
    return { trackIds, trackRuns, endedTrackIds, liveTrackIds: this.tracks.map((t) => t.id).sort((a, b) => a - b) };
  }

  /** Ends every track for good (a new session); returns their ids. Ids keep increasing. */
  reset(): number[] {
    this.lastTimestampMs = -Infinity;
    this.departed = [];
    return this.endAll();
  }

  private endAll(): number[] {
    const ids = this.tracks.map((t) => t.id);
    this.tracks = [];
    return ids;
  }

  /** (ended track, unmatched face) pairs of rule 3, nearest first: the face where the track was last seen. */
  private rejoinCandidates(boxes: readonly PixelBox[], trackIds: readonly (number | null)[]): Candidate[] {
    const pairs: Candidate[] = [];
    for (const track of this.departed) {
      boxes.forEach((box, face) => {
        if (trackIds[face] !== null) return;
        const shift = centreShift(track.box, box);
        if (shift <= this.checked.maxCentreShift && widthRatio(track.box, box) <= MAX_WIDTH_RATIO) pairs.push({ track, face, iou: 0, shift });
      });
    }
    return pairs.sort((a, b) => a.shift - b.shift);
  }

  /** Every admissible (track, face) pair, best first (overlap, then centre distance). */
  private candidates(tracks: readonly Track[], boxes: readonly PixelBox[], timestampMs: number, previousFrameMs: number): Candidate[] {
    const { minIou, maxCentreShift } = this.checked;
    const pairs: Candidate[] = [];
    const frameGapMs = Math.min(timestampMs - previousFrameMs, this.checked.memoryMs);
    for (const track of tracks) {
      const expected = expectedBox(track, timestampMs);
      const seenLastFrame = track.lastSeenMs === previousFrameMs;
      const reach = maxCentreShift + (seenLastFrame ? (MAX_SPEED_WIDTHS_PER_S * frameGapMs) / 1000 : 0);
      boxes.forEach((box, face) => {
        const iou = boxIou(expected, box);
        const shift = centreShift(expected, box);
        if (iou >= minIou || (shift <= reach && widthRatio(box, expected) <= MAX_WIDTH_RATIO)) pairs.push({ track, face, iou, shift });
      });
    }
    const overlapping = (c: Candidate) => c.iou >= minIou;
    return pairs.sort((a, b) => {
      if (overlapping(a) !== overlapping(b)) return overlapping(a) ? -1 : 1;
      if (overlapping(a) && a.iou !== b.iou) return b.iou - a.iou;
      return a.shift - b.shift;
    });
  }
}

/** Where the track's face should be at `timestampMs`: its last box moved on at its velocity. */
function expectedBox(track: Track, timestampMs: number): PixelBox {
  const dtMs = Math.min(timestampMs - track.lastSeenMs, MAX_EXTRAPOLATION_MS);
  return { ...track.box, xPx: track.box.xPx + track.velocityXPxPerMs * dtMs, yPx: track.box.yPx + track.velocityYPxPerMs * dtMs };
}

function see(track: Track, box: PixelBox, timestampMs: number): void {
  const dtMs = timestampMs - track.lastSeenMs;
  if (dtMs > 0) {
    const vx = (box.xPx + box.widthPx / 2 - (track.box.xPx + track.box.widthPx / 2)) / dtMs;
    const vy = (box.yPx + box.heightPx / 2 - (track.box.yPx + track.box.heightPx / 2)) / dtMs;
    track.velocityXPxPerMs += VELOCITY_SMOOTHING * (vx - track.velocityXPxPerMs);
    track.velocityYPxPerMs += VELOCITY_SMOOTHING * (vy - track.velocityYPxPerMs);
  }
  track.box = box;
  track.lastSeenMs = timestampMs;
}

function widthRatio(a: PixelBox, b: PixelBox): number {
  return Math.max(a.widthPx, b.widthPx) / Math.max(1e-9, Math.min(a.widthPx, b.widthPx));
}

function area(box: PixelBox): number {
  return box.widthPx * box.heightPx;
}
