import { AffectscopeError } from '../core/errors';
import { encodeFloat16 } from './float16';
import type { ManifestTensor, ManifestWeightFile, WeightDtype } from './manifest';
import { BYTES_PER_ELEMENT } from './manifest';
import type { ParamSpecEntry } from './paramSpec';
import { elementCount } from './paramSpec';
import { webSha256Hex } from '../core/web-sha256';

export interface EncodedWeights {
  /** the weight file, little-endian, tensors in `spec` order */
  bytes: Uint8Array;
  /** its entry for ModelManifest.weights */
  entry: ManifestWeightFile;
}

/** Packs `weights` (one Float32Array per spec entry) into one file + manifest entry; float16 halves the size. */
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
    const values = weights.get(tensor.name)!;
    const encoded = options.dtype === 'float16' ? encodeFloat16(values) : values;
    if (options.dtype === 'float16' && !values.every((v) => Math.abs(v) <= 65504)) {
      throw new AffectscopeError('invalid-options', `encodeWeights: '${tensor.name}': expected values within ±65504 for float16, got a larger or non-finite one`);
    }
    bytes.set(new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength), tensor.byteOffset);
  });
  return { bytes, entry: { path: options.path, sha256: await webSha256Hex(bytes, 'model-integrity', 'the model files'), byteLength, tensors } };
}
