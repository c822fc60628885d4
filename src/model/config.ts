import { AffectscopeError } from '../core/errors';

/** Which network of Kollias & Zafeiriou 2019, §3, a weight set implements. */
export type Architecture = 'mt-vgg' | 'mt-vgg-rnn' | 'av-mt-vgg-rnn';
export const ARCHITECTURES: readonly Architecture[] = ['mt-vgg', 'mt-vgg-rnn', 'av-mt-vgg-rnn'];

/** Sizes of the network; the paper's network is FULL (VGG-16 widths, fc 4096, 2×GRU(128)). */
export interface AvModelConfig {
  /** scales VGG-16 conv widths 64,128,256,512,512 (each at least 4) of the visual stream; 1 = VGG-16 */
  widthMultiplier: number;
  /** units of the visual stream's first fc layer, on which the GRUs (or heads) sit */
  fcUnits: number;
  /** units per GRU layer (paper: 128) */
  gruUnits: number;
  /** stacked GRU layers per recurrent block (paper: 2) */
  gruLayers: number;
  face: { cropSizePx: number; channels: number };
  /**
   * spectrogram context fed to the audio stream as a 1-channel image [contextFrames, freqBins], and the audio
   * stream's own width multiplier and fc units (the visual stream's unless a model says otherwise)
   */
  audio: { contextFrames: number; freqBins: number; widthMultiplier: number; fcUnits: number };
}

/**
 * A config where any field may be left out; fcUnits then follows widthMultiplier, and the audio stream's
 * width the visual stream's (its fcUnits following its own width when only that is given).
 */
export interface AvModelConfigInput {
  widthMultiplier?: number;
  fcUnits?: number;
  gruUnits?: number;
  gruLayers?: number;
  face?: Partial<AvModelConfig['face']>;
  audio?: Partial<AvModelConfig['audio']>;
}

/** The paper's first fc layer has 4096 units; scaled networks keep the same ratio to the conv widths. */
export function defaultFcUnits(widthMultiplier: number): number {
  return Math.max(4, Math.round(4096 * widthMultiplier));
}

export const DEFAULT_AV_MODEL_CONFIG: AvModelConfig = {
  widthMultiplier: 1,
  fcUnits: defaultFcUnits(1),
  gruUnits: 128,
  gruLayers: 2,
  face: { cropSizePx: 96, channels: 3 },
  audio: { contextFrames: 64, freqBins: 128, widthMultiplier: 1, fcUnits: defaultFcUnits(1) },
};

/** 1/8 of the VGG-16 widths (~2.0 M parameters, 3.7 MiB as float16): real time on wasm (~10 ms/step in Node). */
export const LITE_AV_MODEL_CONFIG: AvModelConfig = validateAvModelConfig({ widthMultiplier: 0.125 });
/** The paper's sizes (see param-spec.test.ts for the count). */
export const FULL_AV_MODEL_CONFIG: AvModelConfig = validateAvModelConfig({ widthMultiplier: 1 });

function fail(field: string, expected: string, got: unknown): never {
  throw new AffectscopeError('invalid-options', `AvModelConfig.${field}: expected ${expected}, got ${JSON.stringify(got)}`);
}

function positiveInteger(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) fail(field, 'a positive integer', value);
  return value;
}

/** Returns a complete, checked copy of `input`; throws AffectscopeError('invalid-options') "expected …, got …". */
export function validateAvModelConfig(input: AvModelConfigInput = {}): AvModelConfig {
  const widthMultiplier = checkedWidth('widthMultiplier', input.widthMultiplier ?? DEFAULT_AV_MODEL_CONFIG.widthMultiplier);
  const fcUnits = positiveInteger('fcUnits', input.fcUnits ?? defaultFcUnits(widthMultiplier));
  const face = { ...DEFAULT_AV_MODEL_CONFIG.face, ...input.face };
  const audio = { ...DEFAULT_AV_MODEL_CONFIG.audio, ...input.audio };
  const audioWidth = checkedWidth('audio.widthMultiplier', input.audio?.widthMultiplier ?? widthMultiplier);
  const audioFcUnits = input.audio?.fcUnits ?? (input.audio?.widthMultiplier === undefined ? fcUnits : defaultFcUnits(audioWidth));
  const config: AvModelConfig = {
    widthMultiplier,
    fcUnits,
    gruUnits: positiveInteger('gruUnits', input.gruUnits ?? DEFAULT_AV_MODEL_CONFIG.gruUnits),
    gruLayers: positiveInteger('gruLayers', input.gruLayers ?? DEFAULT_AV_MODEL_CONFIG.gruLayers),
    face: {
      cropSizePx: positiveInteger('face.cropSizePx', face.cropSizePx),
      channels: positiveInteger('face.channels', face.channels),
    },
    audio: {
      contextFrames: positiveInteger('audio.contextFrames', audio.contextFrames),
      freqBins: positiveInteger('audio.freqBins', audio.freqBins),
      widthMultiplier: audioWidth,
      fcUnits: positiveInteger('audio.fcUnits', audioFcUnits),
    },
  };
  if (config.face.channels !== 3 && config.face.channels !== 1) fail('face.channels', '1 or 3', config.face.channels);
  return config;
}

function checkedWidth(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 4) fail(field, 'a number in (0, 4]', value);
  return value;
}

/** Output width of the network: valence, arousal, 8 AUs, 7 expressions (§3, Figure 4). */
export const OUTPUT_UNITS = 17;
