/**
 * The name-mapping table from the PyTorch twin (training/affectscope_train/model.py, state_dict names after
 * export_state() folded the BatchNorms) to this app's weights (param-spec.ts), with the layout change of each.
 * Pure: no tfjs, no I/O.
 */
import { AffectscopeError } from '../../core/errors';
import type { Architecture, AvModelConfig } from '../config';
import type { ParamSpecEntry, StreamName } from '../param-spec';
import { elementCount, paramSpec, streamInputShape, streamSize, vggConvLayers, vggOutputSize } from '../param-spec';

/**
 * How a source tensor becomes its target:
 * - 'same': identical layout (biases; nn.GRU weights, whose gate order r|z|n this app keeps);
 * - 'oihw→hwio': a conv kernel [out, in, kh, kw] → tfjs conv2d filter [kh, kw, in, out];
 * - 'fc1 nchw→nhwc': nn.Linear weight [fc, C·h·w] whose input was flattened (c, h, w) → dense [h·w·C, fc]
 *   for an input flattened (h, w, c): rows permuted, then transposed;
 * - 'transpose': nn.Linear weight [out, in] → dense [in, out].
 */
export type Layout = 'same' | 'oihw→hwio' | 'fc1 nchw→nhwc' | 'transpose';

export interface NameRule {
  /** PyTorch name; {stream} = visual|audio, {block} = visual|audio|fusion, {i}, {k} = integers */
  source: string;
  /** app name; {conv} = convB_J, the i-th conv of vggConvLayers */
  target: string;
  layout: Layout;
}

export const PYTORCH_NAME_MAP: readonly NameRule[] = [
  { source: '{stream}.convs.{i}.weight', target: '{stream}.{conv}.weight', layout: 'oihw→hwio' },
  { source: '{stream}.convs.{i}.bias', target: '{stream}.{conv}.bias', layout: 'same' },
  { source: '{stream}.fc1.weight', target: '{stream}.fc1.weight', layout: 'fc1 nchw→nhwc' },
  { source: '{stream}.fc1.bias', target: '{stream}.fc1.bias', layout: 'same' },
  { source: '{block}_gru.weight_ih_l{k}', target: '{block}.gru.{k}.weight_ih', layout: 'same' },
  { source: '{block}_gru.weight_hh_l{k}', target: '{block}.gru.{k}.weight_hh', layout: 'same' },
  { source: '{block}_gru.bias_ih_l{k}', target: '{block}.gru.{k}.bias_ih', layout: 'same' },
  { source: '{block}_gru.bias_hh_l{k}', target: '{block}.gru.{k}.bias_hh', layout: 'same' },
  { source: 'head.linear.weight', target: 'head.weight', layout: 'transpose' },
  { source: 'head.linear.bias', target: 'head.bias', layout: 'same' },
];

const PLACEHOLDERS: Record<string, string> = { stream: '(?<stream>visual|audio)', block: '(?<block>visual|audio|fusion)', i: '(?<i>\\d+)', k: '(?<k>\\d+)' };

const COMPILED = PYTORCH_NAME_MAP.map((rule) => ({
  rule,
  pattern: new RegExp(`^${rule.source.replace(/\./g, '\\.').replace(/\{(\w+)\}/g, (_, key: string) => PLACEHOLDERS[key])}$`),
}));

export interface MappedName {
  target: string;
  layout: Layout;
}

/** The app name and layout change for PyTorch name `source`, or null when no rule matches (or the conv index is past the body). */
export function mapPyTorchName(source: string, widthMultiplier: number): MappedName | null {
  for (const { rule, pattern } of COMPILED) {
    const match = pattern.exec(source);
    if (!match) continue;
    const groups = match.groups ?? {};
    const convs = vggConvLayers(widthMultiplier);
    if (groups.i !== undefined && Number(groups.i) >= convs.length) return null;
    const target = rule.target.replace(/\{(\w+)\}/g, (_, key: string) => (key === 'conv' ? convs[Number(groups.i)].name : groups[key]));
    return { target, layout: rule.layout };
  }
  return null;
}

/** Channels and spatial size of the last pooled feature map of `stream`, which fc1 flattens. */
function fc1Geometry(stream: StreamName, config: AvModelConfig): { channels: number; height: number; width: number } {
  const [inH, inW] = streamInputShape(stream, config);
  const [height, width] = vggOutputSize(inH, inW);
  const convs = vggConvLayers(streamSize(stream, config).widthMultiplier);
  return { channels: convs[convs.length - 1].outChannels, height, width };
}

/** The shape PyTorch stores for a target of shape `target`. */
export function sourceShape(layout: Layout, target: readonly number[]): number[] {
  switch (layout) {
    case 'same':
      return [...target];
    case 'oihw→hwio':
      return [target[3], target[2], target[0], target[1]];
    case 'fc1 nchw→nhwc':
    case 'transpose':
      return [target[1], target[0]];
  }
}

/** Source values (PyTorch layout) → target values (app layout, shape `target.shape`). */
export function convertLayout(layout: Layout, values: Float32Array, target: ParamSpecEntry, config: AvModelConfig): Float32Array {
  const out = new Float32Array(values.length);
  if (layout === 'same') {
    out.set(values);
  } else if (layout === 'oihw→hwio') {
    const [kh, kw, inC, outC] = target.shape;
    for (let o = 0; o < outC; o++)
      for (let i = 0; i < inC; i++)
        for (let y = 0; y < kh; y++)
          for (let x = 0; x < kw; x++) out[((y * kw + x) * inC + i) * outC + o] = values[((o * inC + i) * kh + y) * kw + x];
  } else if (layout === 'transpose') {
    const [rows, cols] = target.shape;
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r * cols + c] = values[c * rows + r];
  } else {
    // Source column c·h·w + y·w + x (NCHW flatten) is target row (y·w + x)·C + c (NHWC flatten).
    const { channels, height, width } = fc1Geometry(target.name.split('.')[0] as StreamName, config);
    const units = target.shape[1];
    const inputs = channels * height * width;
    for (let f = 0; f < units; f++)
      for (let c = 0; c < channels; c++)
        for (let p = 0; p < height * width; p++) out[(p * channels + c) * units + f] = values[f * inputs + c * height * width + p];
  }
  return out;
}

function hint(source: string): string {
  if (/\.norms\.\d+\.|num_batches_tracked|running_(mean|var)/.test(source)) return ' (BatchNorm not folded: export with export_state())';
  return '';
}

function listed(names: string[]): string {
  const shown = names.slice(0, 8).join(', ');
  return names.length > 8 ? `${shown}, … (${names.length} in all)` : shown;
}

/**
 * Maps a PyTorch state dict onto paramSpec(architecture, config): every source tensor must map to a target
 * the architecture has, with the matching shape, and every target must be filled.
 * Throws AffectscopeError('invalid-options') naming every unknown, surplus, missing or mis-shaped tensor.
 */
export function convertPyTorchState(
  source: ReadonlyMap<string, { shape: readonly number[]; values: Float32Array }>,
  architecture: Architecture,
  config: AvModelConfig,
): Map<string, Float32Array> {
  const spec = new Map(paramSpec(architecture, config).map((entry) => [entry.name, entry]));
  const unknown: string[] = [];
  const surplus: string[] = [];
  const misShaped: string[] = [];
  const converted = new Map<string, Float32Array>();
  const sourceOf = new Map<string, string>();
  for (const [name, tensor] of source) {
    const mapped = mapPyTorchName(name, config.widthMultiplier);
    if (!mapped) {
      unknown.push(`${name}${hint(name)}`);
      continue;
    }
    const target = spec.get(mapped.target);
    if (!target) {
      surplus.push(`${name} → ${mapped.target}`);
      continue;
    }
    if (sourceOf.has(mapped.target)) {
      surplus.push(`${name} → ${mapped.target} (also from ${sourceOf.get(mapped.target)})`);
      continue;
    }
    const expected = sourceShape(mapped.layout, target.shape);
    if (tensor.shape.join(',') !== expected.join(',') || tensor.values.length !== elementCount(expected)) {
      misShaped.push(`${name} → ${mapped.target}: expected [${expected.join(', ')}], got [${tensor.shape.join(', ')}]`);
      continue;
    }
    sourceOf.set(mapped.target, name);
    converted.set(mapped.target, convertLayout(mapped.layout, tensor.values, target, config));
  }
  const missing = [...spec.keys()].filter((name) => !converted.has(name) && !misShaped.some((m) => m.includes(`→ ${name}:`)));
  const problems = [
    unknown.length ? `unknown source tensors: ${listed(unknown)}` : '',
    surplus.length ? `source tensors ${architecture} has no place for: ${listed(surplus)}` : '',
    misShaped.length ? `shape mismatches: ${listed(misShaped)}` : '',
    missing.length ? `missing tensors for ${architecture}: ${listed(missing)}` : '',
  ].filter((p) => p !== '');
  if (problems.length > 0) {
    throw new AffectscopeError('invalid-options', `convert-weights: the PyTorch weights do not fit ${architecture} (widthMultiplier ${config.widthMultiplier}${config.audio.widthMultiplier !== config.widthMultiplier ? `, audio ${config.audio.widthMultiplier}` : ''}): ${problems.join('; ')}`);
  }
  return converted;
}
