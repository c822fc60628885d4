import type { AvModelConfig } from './config';
import type { ModelInputSpec } from './manifest';

/**
 * The audio front end every model of this project was made for: 16 kHz, 33 ms windows with 11 ms overlap
 * (paper §3), a 1024-point FFT, dB mapped from [-80, 0] to [-1, 1].
 */
export const DEFAULT_AUDIO_INPUT: Omit<ModelInputSpec['audio'], 'freqBins' | 'contextFrames'> = {
  sampleRateHz: 16000,
  windowMs: 33,
  overlapMs: 11,
  fftSize: 1024,
  minDb: -80,
  maxDb: 0,
};

/** The manifest's input spec for `config`: faces in [-1, 1] of `colorMode`, the default audio front end. */
export function defaultInputSpec(config: AvModelConfig, colorMode: ModelInputSpec['face']['colorMode']): ModelInputSpec {
  return {
    face: { cropSizePx: config.face.cropSizePx, range: [-1, 1], colorMode },
    // Field order as the manifests written so far, so regenerated files stay byte-identical.
    audio: {
      sampleRateHz: DEFAULT_AUDIO_INPUT.sampleRateHz,
      windowMs: DEFAULT_AUDIO_INPUT.windowMs,
      overlapMs: DEFAULT_AUDIO_INPUT.overlapMs,
      fftSize: DEFAULT_AUDIO_INPUT.fftSize,
      freqBins: config.audio.freqBins,
      contextFrames: config.audio.contextFrames,
      minDb: DEFAULT_AUDIO_INPUT.minDb,
      maxDb: DEFAULT_AUDIO_INPUT.maxDb,
    },
  };
}
