/**
 * For the converter's tests (not used by the app): app weights written back as the state dict model.py's
 * PyTorch network would have, with the index formulas spelled out independently of pytorch-names.ts.
 */
import type { Architecture, AvModelConfig } from '../config';
import type { StreamName } from '../param-spec';
import { paramSpec, streamInputShape, vggConvLayers, vggOutputSize } from '../param-spec';

export type PyTorchState = Map<string, { shape: number[]; values: Float32Array }>;

/** app weights (paramSpec names and layouts) → PyTorch names and layouts. */
export function toPyTorchState(architecture: Architecture, config: AvModelConfig, weights: ReadonlyMap<string, Float32Array>): PyTorchState {
  const state: PyTorchState = new Map();
  const convs = vggConvLayers(config.widthMultiplier).map((layer) => layer.name);
  for (const entry of paramSpec(architecture, config)) {
    const values = weights.get(entry.name)!;
    const parts = entry.name.split('.');
    const [prefix] = parts;
    if (parts[1] === 'gru') {
      const [, , layer, kind] = parts;
      state.set(`${prefix}_gru.${kind}_l${layer}`, { shape: [...entry.shape], values: values.slice() });
    } else if (prefix === 'head') {
      if (parts[1] === 'bias') {
        state.set('head.linear.bias', { shape: [...entry.shape], values: values.slice() });
      } else {
        const [inputs, outputs] = entry.shape;
        const out = new Float32Array(values.length);
        for (let o = 0; o < outputs; o++) for (let i = 0; i < inputs; i++) out[o * inputs + i] = values[i * outputs + o];
        state.set('head.linear.weight', { shape: [outputs, inputs], values: out });
      }
    } else if (parts[1] === 'fc1') {
      if (parts[2] === 'bias') {
        state.set(entry.name, { shape: [...entry.shape], values: values.slice() });
        continue;
      }
      const [height, width] = vggOutputSize(...(streamInputShape(prefix as StreamName, config).slice(0, 2) as [number, number]));
      const channels = entry.shape[0] / (height * width);
      const units = entry.shape[1];
      const out = new Float32Array(values.length);
      for (let f = 0; f < units; f++)
        for (let c = 0; c < channels; c++)
          for (let y = 0; y < height; y++)
            for (let x = 0; x < width; x++) out[f * channels * height * width + (c * height + y) * width + x] = values[((y * width + x) * channels + c) * units + f];
      state.set(entry.name, { shape: [units, channels * height * width], values: out });
    } else {
      const index = convs.indexOf(parts[1]);
      if (parts[2] === 'bias') {
        state.set(`${prefix}.convs.${index}.bias`, { shape: [...entry.shape], values: values.slice() });
        continue;
      }
      const [kh, kw, inC, outC] = entry.shape;
      const out = new Float32Array(values.length);
      for (let y = 0; y < kh; y++)
        for (let x = 0; x < kw; x++)
          for (let i = 0; i < inC; i++) for (let o = 0; o < outC; o++) out[((o * inC + i) * kh + y) * kw + x] = values[((y * kw + x) * inC + i) * outC + o];
      state.set(`${prefix}.convs.${index}.weight`, { shape: [outC, inC, kh, kw], values: out });
    }
  }
  return state;
}
