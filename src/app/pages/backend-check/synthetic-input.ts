/** A seeded, reproducible input sequence for comparing backends: the same numbers on every browser. */
import { mulberry32 } from '../../../core/prng';

export interface SyntheticSequence {
  seed: number;
  /** faces[t]: [cropSizePx, cropSizePx, channels] ∈ [-1, 1], row-major HWC */
  faces: Float32Array[];
  /** audios[t]: [contextFrames, freqBins] ∈ [-1, 1], time-major; null for video-only networks */
  audios: Float32Array[] | null;
  /** strictly increasing, 30 fps */
  timestampsMs: number[];
}

function uniformSigned(length: number, next: () => number): Float32Array {
  const values = new Float32Array(length);
  for (let i = 0; i < length; i++) values[i] = 2 * next() - 1;
  return values;
}

/** `frames` faces of `faceSize` values and (when `audioSize` > 0) audio contexts, uniform in [-1, 1]. */
export function syntheticSequence(seed: number, frames: number, faceSize: number, audioSize: number): SyntheticSequence {
  const next = mulberry32(seed);
  const faces: Float32Array[] = [];
  const audios: Float32Array[] = [];
  for (let t = 0; t < frames; t++) {
    faces.push(uniformSigned(faceSize, next));
    if (audioSize > 0) audios.push(uniformSigned(audioSize, next));
  }
  return {
    seed,
    faces,
    audios: audioSize > 0 ? audios : null,
    timestampsMs: Array.from({ length: frames }, (_, t) => (t * 1000) / 30),
  };
}
