/**
 * Per-tensor affine uint8 quantisation of weights: value = min + scale · q, q ∈ {0…255}, with
 * min = the tensor's smallest value and scale = (max − min) / 255. The round-trip error of every value is at
 * most scale / 2 (plus float32 rounding); a constant tensor (scale 0) is exact.
 */
import { AffectscopeError } from '../core/errors';

/** How a uint8 tensor maps back to float32; stored in its manifest entry. */
export interface Uint8Quantization {
  /** the value of q = 0 */
  min: number;
  /** value step per unit of q, ≥ 0 */
  scale: number;
}

export const UINT8_LEVELS = 255;

/** `values` → bytes + the (min, scale) that decode them. Throws on a non-finite value. */
export function quantizeUint8(values: Float32Array, name = 'tensor'): { bytes: Uint8Array; quantization: Uint8Quantization } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) throw new AffectscopeError('invalid-options', `quantizeUint8: '${name}': expected finite values, got ${v}`);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (values.length === 0) return { bytes: new Uint8Array(0), quantization: { min: 0, scale: 0 } };
  // min and scale are float32 values so the decoder (float32) and the error bound see the same numbers.
  const scale = Math.fround((max - min) / UINT8_LEVELS);
  const bytes = new Uint8Array(values.length);
  if (scale > 0) {
    for (let i = 0; i < values.length; i++) bytes[i] = Math.min(UINT8_LEVELS, Math.max(0, Math.round((values[i] - min) / scale)));
  }
  return { bytes, quantization: { min, scale } };
}

/** bytes → float32 values, min + scale · q. */
export function dequantizeUint8(bytes: Uint8Array, quantization: Uint8Quantization): Float32Array {
  const table = new Float32Array(UINT8_LEVELS + 1);
  for (let q = 0; q <= UINT8_LEVELS; q++) table[q] = quantization.min + quantization.scale * q;
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = table[bytes[i]];
  return out;
}
