/**
 * Several faces in one session (README "Several people at once: face tracks"). A FrameRecord describes its primary
 * (largest tracked) face and lists the others in `otherFaces`, each with the track id src/core/tracking gave it.
 * Everything that reads one face's stream (ABAW files, per-frame tables, replay's plots) reads it through
 * framesOfTrack, which gives one record per analysed frame for one track: that face's output, or "no face" where the
 * track was not in the frame.
 *
 * Naming, after ABAW (Aff-Wild2 annotates a video with two people as <video>_left and <video>_right): a session whose
 * faces make exactly two tracks that were in view together (MIN_FRAMES_TOGETHER frames) names them `left` and `right` by where each face sat on
 * average (the mean x of its landmarks, in the video's own picture, not a mirrored preview); any other set of tracks
 * is named `track<id>`. A face away for up to 10 s that comes back where it left keeps its track (the tracker's
 * rejoin rule, src/core/tracking/face-tracker.ts); after a longer absence, elsewhere, or after a seek of more than
 * 10 s in a file, it comes back under a new id, and those tracks are not joined. A session in which no two tracks
 * shared MIN_FRAMES_TOGETHER frames is one person's: its track ids are one stream, written as before tracks.
 */
import type { FrameRecord, TrackedFaceRecord } from './types';

/** One track of a session, as TrackCensus saw it. */
export interface SessionTrack {
  trackId: number;
  /** analysed frames this face was in */
  frames: number;
  /** mean x of its landmarks over the frames that kept them, ∈ [0, 1] (0 = the picture's left edge); null when none did */
  meanCentreX: number | null;
  /** media time of its first and last frame, ms */
  firstMs: number;
  lastMs: number;
}

interface Tally {
  frames: number;
  sumX: number;
  framesWithX: number;
  firstMs: number;
  lastMs: number;
}

/** Mean x of flattened [x0, y0, x1, y1, …] landmarks; null for none. */
function centreX(landmarks: readonly number[] | null | undefined): number | null {
  if (!landmarks || landmarks.length < 2) return null;
  let sum = 0;
  for (let i = 0; i < landmarks.length; i += 2) sum += landmarks[i];
  return sum / (landmarks.length / 2);
}

/** Counts a session's tracks frame by frame, so a streamed export can name them without holding the landmarks. */
/**
 * Analysed frames two tracks must share before a session counts as several people (a third of a second of a 30 fps
 * file, about a second live with two faces): one stray detection, a poster or a reflection in a single probe frame,
 * does not change how the session is written.
 */
export const MIN_FRAMES_TOGETHER = 10;

export class TrackCensus {
  private readonly tallies = new Map<number, Tally>();
  /** analysed frames each pair of tracks shared, by "a,b" (a < b) */
  private readonly pairs = new Map<string, number>();

  add(frame: FrameRecord): void {
    if (frame.trackId === undefined || !frame.faceFound) return;
    this.count(frame.trackId, frame.mediaTimeMs, frame.landmarks);
    const others = frame.otherFaces ?? [];
    for (const face of others) this.count(face.trackId, frame.mediaTimeMs, face.landmarks);
    if (others.length > 0) {
      const ids = [frame.trackId, ...others.map((f) => f.trackId)].sort((a, b) => a - b);
      for (let i = 0; i < ids.length; i++) {
        for (let j = i + 1; j < ids.length; j++) {
          const key = `${ids[i]},${ids[j]}`;
          this.pairs.set(key, (this.pairs.get(key) ?? 0) + 1);
        }
      }
    }
  }

  /** The tracks seen, ascending by id. */
  get tracks(): SessionTrack[] {
    return [...this.tallies.entries()]
      .sort(([a], [b]) => a - b)
      .map(([trackId, t]) => ({ trackId, frames: t.frames, meanCentreX: t.framesWithX > 0 ? t.sumX / t.framesWithX : null, firstMs: t.firstMs, lastMs: t.lastMs }));
  }

  /** whether two tracks shared at least MIN_FRAMES_TOGETHER frames: only then does each track get files of its own */
  get severalFaces(): boolean {
    for (const count of this.pairs.values()) if (count >= MIN_FRAMES_TOGETHER) return true;
    return false;
  }

  /** whether tracks a and b were in view together (at least MIN_FRAMES_TOGETHER frames) */
  together(a: number, b: number): boolean {
    return (this.pairs.get(a < b ? `${a},${b}` : `${b},${a}`) ?? 0) >= MIN_FRAMES_TOGETHER;
  }

  /** Each track's name (see the module's comment), by track id. */
  names(): Map<number, string> {
    const tracks = this.tracks;
    if (tracks.length === 2 && this.together(tracks[0].trackId, tracks[1].trackId)) {
      const [a, b] = tracks;
      // a face without landmarks has no place: the lower id (the one seen first) is taken as the left
      const aLeft = a.meanCentreX === null || b.meanCentreX === null ? true : a.meanCentreX <= b.meanCentreX;
      return new Map([[a.trackId, aLeft ? 'left' : 'right'], [b.trackId, aLeft ? 'right' : 'left']]);
    }
    return new Map(tracks.map((t) => [t.trackId, `track${t.trackId}`]));
  }

  private count(trackId: number, mediaTimeMs: number, landmarks: readonly number[] | null | undefined): void {
    let t = this.tallies.get(trackId);
    if (!t) {
      t = { frames: 0, sumX: 0, framesWithX: 0, firstMs: mediaTimeMs, lastMs: mediaTimeMs };
      this.tallies.set(trackId, t);
    }
    t.frames += 1;
    t.lastMs = mediaTimeMs;
    const x = centreX(landmarks);
    if (x !== null) {
      t.sumX += x;
      t.framesWithX += 1;
    }
  }
}

/** The tracks of `frames` (TrackCensus over all of them). */
export function censusOf(frames: readonly FrameRecord[]): TrackCensus {
  const census = new TrackCensus();
  for (const f of frames) census.add(f);
  return census;
}

/** The face of track `trackId` in `frame`, or null when that track was not in it. */
export function faceOfTrack(frame: FrameRecord, trackId: number): TrackedFaceRecord | null {
  if (!frame.faceFound) return null;
  if (frame.trackId === trackId) {
    const face: TrackedFaceRecord = { trackId, prediction: frame.prediction };
    if (frame.landmarks !== undefined) face.landmarks = frame.landmarks;
    return face;
  }
  return frame.otherFaces?.find((f) => f.trackId === trackId) ?? null;
}

/**
 * One record per analysed frame for track `trackId`: its face's output (faceFound true), or faceFound false and no
 * prediction where the track was not in the frame. The records hold no otherFaces.
 */
export function framesOfTrack(frames: readonly FrameRecord[], trackId: number): FrameRecord[] {
  return frames.map((f) => {
    const face = faceOfTrack(f, trackId);
    if (!face) return { mediaTimeMs: f.mediaTimeMs, faceFound: false, prediction: null, trackId };
    const record: FrameRecord = { mediaTimeMs: f.mediaTimeMs, faceFound: true, prediction: face.prediction, trackId };
    if (face.landmarks !== undefined) record.landmarks = face.landmarks;
    return record;
  });
}
