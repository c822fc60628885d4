import type { ParamSpecEntry } from './param-spec';
import { elementCount } from './param-spec';
import { mulberry32, normalSampler } from '../core/prng';

/**
 * Deterministic UNTRAINED weights for `spec`: He-normal conv/fc/head weights (std √(2/fanIn)),
 * GRU weights uniform in ±1/√H as PyTorch's nn.GRU does, zero biases. No tfjs needed.
 * Each tensor gets its own stream seeded by (seed, index), so adding a tensor does not shift the others.
 */
export function initWeights(spec: readonly ParamSpecEntry[], seed: number): Map<string, Float32Array> {
  const weights = new Map<string, Float32Array>();
  spec.forEach((entry, index) => {
    const values = new Float32Array(elementCount(entry.shape));
    const uniform = mulberry32((seed * 0x9e3779b1 + index * 0x85ebca6b) >>> 0);
    if (/\.weight_(ih|hh)$/.test(entry.name)) {
      const hiddenUnits = entry.shape[0] / 3;
      const bound = 1 / Math.sqrt(hiddenUnits);
      for (let i = 0; i < values.length; i++) values[i] = (2 * uniform() - 1) * bound;
    } else if (/\.weight$/.test(entry.name)) {
      // conv HWIO: fan-in = H·W·I; dense [in, out]: fan-in = in.
      const fanIn = elementCount(entry.shape.slice(0, -1));
      const std = Math.sqrt(2 / fanIn);
      const normal = normalSampler(uniform);
      for (let i = 0; i < values.length; i++) values[i] = normal() * std;
    }
    weights.set(entry.name, values);
  });
  return weights;
}
