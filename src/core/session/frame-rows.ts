/**
 * How a format-2 zip carries FrameRecords: predictions.json holds one row per record (predictionRow
 * plus `landmarkValues`, the count of its values in landmarks.f32: absent when the record has no
 * landmarks field, null when they are null), and landmarks.f32 holds every record's landmarks in order
 * as little-endian Float32. Landmarks are kept to LANDMARK_DECIMALS (what the recorder and file
 * analysis store), which Float32 holds exactly for |x| < 16.
 */
import { ACTION_UNITS, EXPRESSIONS } from '../labels';
import { predictionRow, trackedFaceRow, type PredictionRow, type TrackedFacePredictionRow } from './tables';
import type { FrameRecord } from './types';

export const LANDMARKS_FILE = 'landmarks.f32';
export const PREDICTIONS_JSON_FILE = 'predictions.json';
/** decimals a landmark keeps through landmarks.f32 */
export const LANDMARK_DECIMALS = 5;

/** A predictions.json row of a format-2 zip. */
export interface FrameRow extends PredictionRow {
  landmarkValues?: number | null;
  trackId?: number;
  otherFaces?: TrackedFaceRow[];
}

/** A frame's other tracked face in a predictions.json row; its landmarks follow the frame's own in landmarks.f32. */
export interface TrackedFaceRow extends TrackedFacePredictionRow {
  landmarkValues?: number | null;
}

/** How many landmark values a face has in landmarks.f32: absent (undefined), null, or a count. */
export type LandmarkCount = number | null | undefined;

export function landmarkCount(landmarks: number[] | null | undefined): LandmarkCount {
  return landmarks === undefined ? undefined : landmarks === null ? null : landmarks.length;
}

/**
 * The row of `frame`; `counts` gives its faces' landmark counts where the frame no longer holds the landmarks
 * (the export keeps frames without them): `primary` for the frame's own, `others[i]` for otherFaces[i].
 */
export function frameRow(frame: FrameRecord, counts?: { primary: LandmarkCount; others: readonly LandmarkCount[] }): FrameRow {
  const row: FrameRow = predictionRow(frame);
  const primary = counts ? counts.primary : landmarkCount(frame.landmarks);
  if (primary !== undefined) row.landmarkValues = primary;
  if (frame.trackId !== undefined) row.trackId = frame.trackId;
  if (frame.otherFaces !== undefined) {
    row.otherFaces = frame.otherFaces.map((face, i) => {
      const faceRow: TrackedFaceRow = trackedFaceRow(face);
      const n = counts ? counts.others[i] : landmarkCount(face.landmarks);
      if (n !== undefined) faceRow.landmarkValues = n;
      return faceRow;
    });
  }
  return row;
}

/** The landmarks of `frames`, in order (each frame's own, then its other faces'), as little-endian Float32 bytes. */
export function landmarkBytes(frames: readonly FrameRecord[]): Uint8Array {
  let count = 0;
  for (const f of frames) {
    count += f.landmarks?.length ?? 0;
    for (const face of f.otherFaces ?? []) count += face.landmarks?.length ?? 0;
  }
  const bytes = new Uint8Array(count * 4);
  const view = new DataView(bytes.buffer);
  let at = 0;
  const put = (values: readonly number[] | null | undefined) => {
    for (const x of values ?? []) {
      view.setFloat32(at, x, true);
      at += 4;
    }
  };
  for (const f of frames) {
    put(f.landmarks);
    for (const face of f.otherFaces ?? []) put(face.landmarks);
  }
  return bytes;
}

/** `count` landmarks from little-endian Float32 `bytes` at byte `offset`, rounded to `decimals`. */
export function readLandmarks(bytes: Uint8Array, offset: number, count: number, decimals = LANDMARK_DECIMALS): number[] {
  const scale = 10 ** decimals;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = Math.round(view.getFloat32(offset + 4 * i, true) * scale) / scale;
  return out;
}

/**
 * A parsed predictions.json row → a FrameRecord, not yet validated (validateSessionRecord checks it);
 * `landmarks(n)` returns the next n landmark values. Unknown shapes are passed on for the validator to name.
 */
export function frameFromRow(json: unknown, landmarks: (count: number) => number[]): FrameRecord {
  const row = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const frame = { mediaTimeMs: row.mediaTimeMs, faceFound: row.faceFound, ...faceFromRow(row, landmarks) } as Record<string, unknown>;
  if (row.trackId !== undefined) frame.trackId = row.trackId;
  if (Array.isArray(row.otherFaces)) {
    frame.otherFaces = row.otherFaces.map((face: unknown) => {
      const r = (typeof face === 'object' && face !== null ? face : {}) as Record<string, unknown>;
      return { trackId: r.trackId, ...faceFromRow(r, landmarks) };
    });
  } else if (row.otherFaces !== undefined) frame.otherFaces = row.otherFaces; // the validator refuses it with its path
  return frame as unknown as FrameRecord;
}

/** A row's (or an other face's) prediction and landmarks, not yet validated. */
function faceFromRow(row: Record<string, unknown>, landmarks: (count: number) => number[]): Record<string, unknown> {
  const named = (value: unknown, names: readonly string[]): unknown =>
    typeof value === 'object' && value !== null ? names.map((n) => (value as Record<string, unknown>)[n]) : value;
  const face: Record<string, unknown> = {
    prediction:
      row.valence === null
        ? null
        : { valence: row.valence, arousal: row.arousal, actionUnitProbabilities: named(row.actionUnits, ACTION_UNITS), expressionProbabilities: named(row.expressions, EXPRESSIONS) },
  };
  const n = row.landmarkValues;
  if (n === null) face.landmarks = null;
  else if (typeof n === 'number' && Number.isInteger(n) && n >= 0) face.landmarks = landmarks(n);
  else if (n !== undefined) face.landmarks = n; // the validator refuses it with its path
  return face;
}
