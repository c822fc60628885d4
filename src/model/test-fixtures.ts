/** Tiny configurations and synthetic inputs for the model tests (not used by the app). */
import type { Architecture, AvModelConfig } from './config';
import { validateAvModelConfig } from './config';
import { initWeights } from './init-weights';
import { paramSpec } from './param-spec';
import { mulberry32 } from '../core/prng';

export const TINY_CONFIG: AvModelConfig = validateAvModelConfig({
  widthMultiplier: 1 / 16,
  gruUnits: 16,
  face: { cropSizePx: 96, channels: 3 },
  audio: { contextFrames: 16, freqBins: 32 },
});

export function tinyWeights(architecture: Architecture, seed = 7, config: AvModelConfig = TINY_CONFIG): Map<string, Float32Array> {
  return initWeights(paramSpec(architecture, config), seed);
}

/** Uniform values in [-1, 1], deterministic per seed. */
export function syntheticInput(length: number, seed: number): Float32Array {
  const uniform = mulberry32(seed);
  return Float32Array.from({ length }, () => 2 * uniform() - 1);
}

export function syntheticSequence(config: AvModelConfig, steps: number, seed: number): { faces: Float32Array[]; audios: Float32Array[] } {
  const faceSize = config.face.cropSizePx ** 2 * config.face.channels;
  const audioSize = config.audio.contextFrames * config.audio.freqBins;
  return {
    faces: Array.from({ length: steps }, (_, t) => syntheticInput(faceSize, seed * 1000 + t)),
    audios: Array.from({ length: steps }, (_, t) => syntheticInput(audioSize, seed * 1000 + 500 + t)),
  };
}
