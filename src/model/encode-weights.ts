import { AffectscopeError } from '../core/errors';
import { encodeFloat16 } from './float16';
import type { ManifestTensor, ManifestWeightFile, WeightDtype } from './manifest';
import { BYTES_PER_ELEMENT } from './manifest';
import type { ParamSpecEntry } from './param-spec';
import { elementCount } from './param-spec';
import type { Uint8Quantization } from './quantize';
import { quantizeUint8 } from './quantize';
import { webSha256Hex } from '../core/web-sha256';

export interface EncodedWeights {
  /** the weight file, little-endian, tensors in `spec` order */
  bytes: Uint8Array;
  /** its entry for ModelManifest.weights */
  entry: ManifestWeightFile;
}

/** One tensor's stored bytes (little-endian) and, for uint8, how to decode them. */
function encodeTensor(name: string, values: Float32Array, dtype: WeightDtype): { bytes: Uint8Array; quantization?: Uint8Quantization } {
  if (dtype === 'uint8') return quantizeUint8(values, name);
  if (dtype === 'float16' && !values.every((v) => Math.abs(v) <= 65504)) {
    throw new AffectscopeError('invalid-options', `encodeWeights: '${name}': expected values within ±65504 for float16, got a larger or non-finite one`);
  }
  const encoded = dtype === 'float16' ? encodeFloat16(values) : values;
  return { bytes: new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength) };
}

/** Packs `weights` (one Float32Array per spec entry) into one file + manifest entry; float16 halves the size, uint8 quarters it. */
export async function encodeWeights(
  spec: readonly ParamSpecEntry[],
  weights: ReadonlyMap<string, Float32Array>,
  options: { path: string; dtype: WeightDtype },
): Promise<EncodedWeights> {
  const bytesPerElement = BYTES_PER_ELEMENT[options.dtype];
  // Offsets are 4-byte aligned so a float32 tensor can be viewed without copying.
  const align = (offset: number) => Math.ceil(offset / 4) * 4;
  const tensors: ManifestTensor[] = [];
  let byteLength = 0;
  for (const entry of spec) {
    const values = weights.get(entry.name);
    const expected = elementCount(entry.shape);
    if (!values || values.length !== expected) {
      throw new AffectscopeError('invalid-options', `encodeWeights: '${entry.name}': expected ${expected} values, got ${values?.length ?? 'none'}`);
    }
    byteLength = align(byteLength);
    tensors.push({ name: entry.name, shape: [...entry.shape], dtype: options.dtype, byteOffset: byteLength });
    byteLength += expected * bytesPerElement;
  }
  const bytes = new Uint8Array(byteLength);
  tensors.forEach((tensor) => {
    const encoded = encodeTensor(tensor.name, weights.get(tensor.name)!, options.dtype);
    if (encoded.quantization) tensor.quantization = encoded.quantization;
    bytes.set(encoded.bytes, tensor.byteOffset);
  });
  return { bytes, entry: { path: options.path, sha256: await webSha256Hex(bytes, 'model-integrity', 'the model files'), byteLength, tensors } };
}

/** Shard file names: `weights.bin` alone, else `weights-1-of-3.bin`, … */
export function shardPath(index: number, count: number): string {
  return count === 1 ? 'weights.bin' : `weights-${index + 1}-of-${count}.bin`;
}

/**
 * As encodeWeights, split into files of about `shardBytes` each (tensors are never split: one larger than
 * `shardBytes` gets a file of its own), in spec order. Smaller files cache and resume better.
 */
export async function encodeWeightShards(
  spec: readonly ParamSpecEntry[],
  weights: ReadonlyMap<string, Float32Array>,
  options: { dtype: WeightDtype; shardBytes: number },
): Promise<EncodedWeights[]> {
  if (!(options.shardBytes > 0)) throw new AffectscopeError('invalid-options', `encodeWeightShards: shardBytes: expected a positive number, got ${options.shardBytes}`);
  const groups: ParamSpecEntry[][] = [];
  let current: ParamSpecEntry[] = [];
  let currentBytes = 0;
  for (const entry of spec) {
    const size = Math.ceil((elementCount(entry.shape) * BYTES_PER_ELEMENT[options.dtype]) / 4) * 4;
    if (current.length > 0 && currentBytes + size > options.shardBytes) {
      groups.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(entry);
    currentBytes += size;
  }
  if (current.length > 0) groups.push(current);
  return Promise.all(groups.map((group, i) => encodeWeights(group, weights, { path: shardPath(i, groups.length), dtype: options.dtype })));
}
