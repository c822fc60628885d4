/**
 * Reads a safetensors file (https://github.com/huggingface/safetensors#format): u64 little-endian header
 * length N, N bytes of JSON {name: {dtype, shape, data_offsets: [begin, end]}, __metadata__?: {string: string}},
 * then the raw little-endian data (offsets relative to its start). F32, F16 and BF16 are decoded to float32.
 */
import { AffectscopeError } from '../../core/errors';
import { decodeFloat16 } from '../float16';
import { elementCount } from '../param-spec';

export interface SourceTensor {
  shape: number[];
  /** the stored dtype, before decoding */
  dtype: 'F32' | 'F16' | 'BF16';
  values: Float32Array;
}

export interface SafetensorsFile {
  /** in the file's order */
  tensors: Map<string, SourceTensor>;
  metadata: Record<string, string>;
}

const BYTES: Record<SourceTensor['dtype'], number> = { F32: 4, F16: 2, BF16: 2 };
/** A header larger than this is not a weight file (the format's own readers cap it at 100 MB too). */
const MAX_HEADER_BYTES = 100 * 2 ** 20;

function fail(what: string, message: string): never {
  throw new AffectscopeError('invalid-options', `${what}: ${message}`);
}

function decode(dtype: SourceTensor['dtype'], bytes: Uint8Array): Float32Array {
  const copy = bytes.slice(); // aligned, and independent of the file buffer
  if (dtype === 'F32') return new Float32Array(copy.buffer);
  const halves = new Uint16Array(copy.buffer);
  if (dtype === 'F16') return decodeFloat16(halves);
  // bfloat16 is the top half of a float32.
  const out = new Uint32Array(halves.length);
  for (let i = 0; i < halves.length; i++) out[i] = halves[i] << 16;
  return new Float32Array(out.buffer);
}

/** Parses `bytes` (a whole .safetensors file); `what` names it in errors. Throws AffectscopeError('invalid-options'). */
export function readSafetensors(bytes: Uint8Array, what = 'safetensors file'): SafetensorsFile {
  if (bytes.byteLength < 8) fail(what, `expected at least 8 bytes (header length), got ${bytes.byteLength}`);
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (headerLength > BigInt(Math.min(MAX_HEADER_BYTES, bytes.byteLength - 8))) {
    fail(what, `expected a header length within the file (${bytes.byteLength - 8} bytes), got ${headerLength}`);
  }
  const dataStart = 8 + Number(headerLength);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, dataStart)));
  } catch (error) {
    fail(what, `expected a JSON header, got ${(error as Error).message}`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail(what, 'expected a JSON object as header');
  const dataLength = bytes.byteLength - dataStart;
  const metadata: Record<string, string> = {};
  const tensors = new Map<string, SourceTensor>();
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      for (const [key, value] of Object.entries((info ?? {}) as Record<string, unknown>)) {
        if (typeof value !== 'string') fail(what, `__metadata__.${key}: expected a string, got ${JSON.stringify(value)}`);
        metadata[key] = value;
      }
      continue;
    }
    const entry = info as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const dtype = entry?.dtype;
    if (dtype !== 'F32' && dtype !== 'F16' && dtype !== 'BF16') {
      fail(what, `tensor '${name}': expected dtype F32, F16 or BF16, got ${JSON.stringify(dtype)} (export the weights as float32)`);
    }
    const shape = entry.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
      fail(what, `tensor '${name}': expected a shape of non-negative integers, got ${JSON.stringify(shape)}`);
    }
    const offsets = entry.data_offsets;
    const [begin, end] = Array.isArray(offsets) ? (offsets as unknown[]) : [];
    const expectedBytes = elementCount(shape as number[]) * BYTES[dtype];
    if (!Number.isInteger(begin) || !Number.isInteger(end) || (begin as number) < 0 || (end as number) > dataLength || (end as number) - (begin as number) !== expectedBytes) {
      fail(what, `tensor '${name}': expected data_offsets [begin, begin + ${expectedBytes}] within ${dataLength} data bytes, got ${JSON.stringify(offsets)}`);
    }
    const values = decode(dtype, bytes.subarray(dataStart + (begin as number), dataStart + (end as number)));
    tensors.set(name, { shape: [...(shape as number[])], dtype, values });
  }
  return { tensors, metadata };
}

/** Writes a safetensors file (F32 only), for tests and tools; `metadata` values must be strings. */
export function writeSafetensors(tensors: ReadonlyMap<string, { shape: readonly number[]; values: Float32Array }>, metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, tensor] of tensors) {
    if (tensor.values.length !== elementCount(tensor.shape)) fail('writeSafetensors', `tensor '${name}': expected ${elementCount(tensor.shape)} values for shape [${tensor.shape}], got ${tensor.values.length}`);
    header[name] = { dtype: 'F32', shape: [...tensor.shape], data_offsets: [offset, offset + tensor.values.byteLength] };
    offset += tensor.values.byteLength;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (new TextEncoder().encode(json).byteLength % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.byteLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.byteLength), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.byteLength;
  for (const tensor of tensors.values()) {
    out.set(new Uint8Array(tensor.values.buffer, tensor.values.byteOffset, tensor.values.byteLength), at);
    at += tensor.values.byteLength;
  }
  return out;
}
