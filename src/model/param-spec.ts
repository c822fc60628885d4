import type { Architecture, AvModelConfig } from './config';
import { OUTPUT_UNITS } from './config';

/** One named weight tensor of a network. */
export interface ParamSpecEntry {
  name: string;
  shape: number[];
}

/** VGG-16's five conv blocks: output channels and number of 3×3 convs per block. */
const VGG16_BLOCKS: ReadonlyArray<{ channels: number; convs: number }> = [
  { channels: 64, convs: 2 },
  { channels: 128, convs: 2 },
  { channels: 256, convs: 3 },
  { channels: 512, convs: 3 },
  { channels: 512, convs: 3 },
];

/** Conv layers of the scaled VGG-16 body, in order: `convB_I` with its output channels. */
export function vggConvLayers(widthMultiplier: number): Array<{ name: string; outChannels: number }> {
  const layers: Array<{ name: string; outChannels: number }> = [];
  VGG16_BLOCKS.forEach((block, b) => {
    const outChannels = Math.max(4, Math.round(block.channels * widthMultiplier));
    for (let i = 1; i <= block.convs; i++) layers.push({ name: `conv${b + 1}_${i}`, outChannels });
  });
  return layers;
}

export const VGG_POOLS = VGG16_BLOCKS.length;

/**
 * Spatial size after the 5 max-pools; pools use 'same' padding (= PyTorch ceil_mode),
 * so 96×96 → 3×3 and 64×128 → 2×4 exactly as VGG-16, and tiny test inputs never reach 0.
 */
export function vggOutputSize(height: number, width: number): [number, number] {
  const factor = 2 ** VGG_POOLS;
  return [Math.ceil(height / factor), Math.ceil(width / factor)];
}

export type StreamName = 'visual' | 'audio';

/** Input image [height, width, channels] of one stream. */
export function streamInputShape(stream: StreamName, config: AvModelConfig): [number, number, number] {
  return stream === 'visual'
    ? [config.face.cropSizePx, config.face.cropSizePx, config.face.channels]
    : [config.audio.contextFrames, config.audio.freqBins, 1];
}

/** Conv width multiplier and first-fc units of one stream (the audio stream may be wider than the visual). */
export function streamSize(stream: StreamName, config: AvModelConfig): { widthMultiplier: number; fcUnits: number } {
  const { widthMultiplier, fcUnits } = stream === 'visual' ? config : config.audio;
  return { widthMultiplier, fcUnits };
}

function vggParams(stream: StreamName, config: AvModelConfig): ParamSpecEntry[] {
  const [height, width, channels] = streamInputShape(stream, config);
  const { widthMultiplier, fcUnits } = streamSize(stream, config);
  const entries: ParamSpecEntry[] = [];
  let inChannels = channels;
  for (const layer of vggConvLayers(widthMultiplier)) {
    entries.push({ name: `${stream}.${layer.name}.weight`, shape: [3, 3, inChannels, layer.outChannels] });
    entries.push({ name: `${stream}.${layer.name}.bias`, shape: [layer.outChannels] });
    inChannels = layer.outChannels;
  }
  const [outH, outW] = vggOutputSize(height, width);
  // Flattened in NHWC (h, w, c) order; a PyTorch NCHW checkpoint needs its fc1 rows permuted.
  entries.push({ name: `${stream}.fc1.weight`, shape: [outH * outW * inChannels, fcUnits] });
  entries.push({ name: `${stream}.fc1.bias`, shape: [fcUnits] });
  return entries;
}

/** A stacked GRU with PyTorch's weight layout (gates r|z|n along the first axis). */
function gruParams(prefix: string, inputSize: number, config: AvModelConfig): ParamSpecEntry[] {
  const h = config.gruUnits;
  const entries: ParamSpecEntry[] = [];
  for (let layer = 0; layer < config.gruLayers; layer++) {
    const inSize = layer === 0 ? inputSize : h;
    entries.push({ name: `${prefix}.gru.${layer}.weight_ih`, shape: [3 * h, inSize] });
    entries.push({ name: `${prefix}.gru.${layer}.weight_hh`, shape: [3 * h, h] });
    entries.push({ name: `${prefix}.gru.${layer}.bias_ih`, shape: [3 * h] });
    entries.push({ name: `${prefix}.gru.${layer}.bias_hh`, shape: [3 * h] });
  }
  return entries;
}

/** Every weight of `architecture` in a stable order (the order they are stored in a weight file). */
export function paramSpec(architecture: Architecture, config: AvModelConfig): ParamSpecEntry[] {
  const visual = vggParams('visual', config);
  const head = (inputSize: number): ParamSpecEntry[] => [
    { name: 'head.weight', shape: [inputSize, OUTPUT_UNITS] },
    { name: 'head.bias', shape: [OUTPUT_UNITS] },
  ];
  switch (architecture) {
    case 'mt-vgg':
      return [...visual, ...head(config.fcUnits)];
    case 'mt-vgg-rnn':
      return [...visual, ...gruParams('visual', config.fcUnits, config), ...head(config.gruUnits)];
    case 'av-mt-vgg-rnn':
      return [
        ...visual,
        ...gruParams('visual', config.fcUnits, config),
        ...vggParams('audio', config),
        ...gruParams('audio', config.audio.fcUnits, config),
        ...gruParams('fusion', 2 * config.gruUnits, config),
        ...head(config.gruUnits),
      ];
  }
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}

/** Total number of scalar parameters. */
export function parameterCount(spec: readonly ParamSpecEntry[]): number {
  return spec.reduce((sum, entry) => sum + elementCount(entry.shape), 0);
}
