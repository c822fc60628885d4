/**
 * What a session stores of one analysed frame, the same for a recording and a file analysis: whether a face was
 * found, the primary face's prediction and landmarks with its track id, and every other tracked face's (its own
 * prediction from its own recurrent state, its landmarks), so that exports can write a file set per person
 * (src/core/session/face-tracks.ts). Landmarks keep LANDMARK_DECIMALS.
 */
import { LANDMARK_DECIMALS, type FrameRecord, type TrackedFaceRecord } from '../../core/session';
import type { AnalysedFrame } from './frame-pipeline';

const LANDMARK_SCALE = 10 ** LANDMARK_DECIMALS;

function rounded(landmarks: Float32Array): number[] {
  return Array.from(landmarks, (v) => Math.round(v * LANDMARK_SCALE) / LANDMARK_SCALE);
}

/** The frame's record without its media time (the recording and the file analysis each put their own clock on it). */
export function frameRecordOf({ face, prediction: result }: AnalysedFrame): Omit<FrameRecord, 'mediaTimeMs'> {
  const faceFound = face !== null && face.status !== 'no-face';
  const record: Omit<FrameRecord, 'mediaTimeMs'> = {
    faceFound,
    prediction: result.prediction,
    landmarks: face?.landmarks ? rounded(face.landmarks) : null,
  };
  if (!faceFound || face.trackId === null) return record;
  record.trackId = face.trackId;
  const predictions = new Map(result.tracks.map((t) => [t.trackId, t.prediction]));
  const others = face.faces.slice(1).map((f): TrackedFaceRecord => ({ trackId: f.trackId, prediction: predictions.get(f.trackId) ?? null, landmarks: rounded(f.landmarks) }));
  if (others.length > 0) record.otherFaces = others;
  return record;
}
