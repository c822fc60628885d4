/**
 * A long synthetic session made on the fly, for tests and the export benchmark: frame k of a camera
 * recording at `frameRateHz`, with 956 landmark values (478 points) kept to 5 decimals as the recorder
 * keeps them, a face lost every 10 s for 1 s. Deterministic in k, so any frame can be checked after a round trip.
 */
import type { FrameRecord, SessionRecord } from './types';

export const SYNTHETIC_LANDMARK_VALUES = 956;

/** A cheap hash of (k, i) → [0, 1), so frames need no stored random state. */
function unit(k: number, i: number): number {
  let h = Math.imul(k + 0x9e3779b9, 0x85ebca6b) ^ Math.imul(i + 0x7f4a7c15, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x27d4eb2f);
  h ^= h >>> 13;
  return (h >>> 0) / 2 ** 32;
}

const round5 = (x: number) => Math.round(x * 1e5) / 1e5;

export function syntheticFrame(k: number, frameRateHz = 30): FrameRecord {
  const mediaTimeMs = (k * 1000) / frameRateHz;
  const faceFound = mediaTimeMs % 10_000 >= 1000;
  if (!faceFound) return { mediaTimeMs, faceFound, prediction: null, landmarks: null };
  const expression = Array.from({ length: 7 }, (_, i) => unit(k, 100 + i) + 0.01);
  const sum = expression.reduce((a, b) => a + b, 0);
  return {
    mediaTimeMs,
    faceFound,
    prediction: {
      valence: 2 * unit(k, 1) - 1,
      arousal: 2 * unit(k, 2) - 1,
      actionUnitProbabilities: Array.from({ length: 8 }, (_, i) => unit(k, 10 + i)),
      expressionProbabilities: expression.map((x) => x / sum),
    },
    landmarks: Array.from({ length: SYNTHETIC_LANDMARK_VALUES }, (_, i) => round5(unit(k, 1000 + i))),
  };
}

/** The session's metadata for `frameCount` frames at `frameRateHz` and `mediaBytes` bytes of media (frames empty: append them). */
export function syntheticSessionHeader(frameCount: number, frameRateHz: number, mediaBytes: number): SessionRecord {
  return {
    id: 'synthetic-long',
    name: 'Synthetic long session',
    createdAtIso: '2025-03-01T12:00:00.000Z',
    durationMs: Math.ceil((frameCount * 1000) / frameRateHz),
    media: { mimeType: 'video/webm;codecs=vp8,opus', byteLength: mediaBytes },
    model: { id: 'av-lite-untrained', name: 'A/V lite (untrained)', trained: false },
    frames: [],
    annotations: [{ annotator: 'Rater', kind: 'expression', segments: [{ startMs: 0, endMs: 5000, label: 3 }] }],
  };
}

/** Media byte i of the synthetic recording (a pattern, not a real video: nothing decodes it). */
export function syntheticMediaChunk(offset: number, length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => unit(offset + i, 7) * 256);
}
