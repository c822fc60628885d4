/**
 * How a format-2 zip carries FrameRecords: predictions.json holds one row per record (predictionRow
 * plus `landmarkValues`, the count of its values in landmarks.f32: absent when the record has no
 * landmarks field, null when they are null), and landmarks.f32 holds every record's landmarks in order
 * as little-endian Float32. Landmarks are kept to LANDMARK_DECIMALS (what the recorder and file
 * analysis store), which Float32 holds exactly for |x| < 16.
 */
import { ACTION_UNITS, EXPRESSIONS } from '../labels';
import { predictionRow, type PredictionRow } from './tables';
import type { FrameRecord } from './types';

export const LANDMARKS_FILE = 'landmarks.f32';
export const PREDICTIONS_JSON_FILE = 'predictions.json';
/** decimals a landmark keeps through landmarks.f32 */
export const LANDMARK_DECIMALS = 5;

/** A predictions.json row of a format-2 zip. */
export interface FrameRow extends PredictionRow {
  landmarkValues?: number | null;
}

export function frameRow(frame: FrameRecord): FrameRow {
  const row: FrameRow = predictionRow(frame);
  if (frame.landmarks !== undefined) row.landmarkValues = frame.landmarks === null ? null : frame.landmarks.length;
  return row;
}

/** The landmarks of `frames`, in order, as little-endian Float32 bytes. */
export function landmarkBytes(frames: readonly FrameRecord[]): Uint8Array {
  let count = 0;
  for (const f of frames) count += f.landmarks?.length ?? 0;
  const bytes = new Uint8Array(count * 4);
  const view = new DataView(bytes.buffer);
  let at = 0;
  for (const f of frames) {
    for (const x of f.landmarks ?? []) {
      view.setFloat32(at, x, true);
      at += 4;
    }
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
  const named = (value: unknown, names: readonly string[]): unknown =>
    typeof value === 'object' && value !== null ? names.map((n) => (value as Record<string, unknown>)[n]) : value;
  const frame = {
    mediaTimeMs: row.mediaTimeMs,
    faceFound: row.faceFound,
    prediction:
      row.valence === null
        ? null
        : { valence: row.valence, arousal: row.arousal, actionUnitProbabilities: named(row.actionUnits, ACTION_UNITS), expressionProbabilities: named(row.expressions, EXPRESSIONS) },
  } as Record<string, unknown>;
  const n = row.landmarkValues;
  if (n === null) frame.landmarks = null;
  else if (typeof n === 'number' && Number.isInteger(n) && n >= 0) frame.landmarks = landmarks(n);
  else if (n !== undefined) frame.landmarks = n; // the validator refuses it with its path
  return frame as unknown as FrameRecord;
}
