import { AffectscopeError } from '../core/errors';
import { decodeFloat16 } from './float16';
import type { ManifestTensor, ModelManifest } from './manifest';
import { validateManifest } from './manifest';
import { elementCount } from './param-spec';
import { dequantizeUint8 } from './quantize';
import { webSha256Hex } from '../core/web-sha256';

export type FetchFn = (url: string) => Promise<Pick<Response, 'ok' | 'status' | 'arrayBuffer'>>;

export interface LoadedModelWeights {
  manifest: ModelManifest;
  /** one Float32Array per paramSpec entry, by name */
  weights: Map<string, Float32Array>;
}

/** `path` relative to the folder of `manifestUrl` (works for absolute and root-relative URLs). */
export function resolveRelative(manifestUrl: string, path: string): string {
  const withoutQuery = manifestUrl.split(/[?#]/)[0];
  return withoutQuery.slice(0, withoutQuery.lastIndexOf('/') + 1) + path;
}

const SETUP_HINT = 'run `npm run setup` to generate or download the model files';

async function fetchBytes(url: string, what: string, fetchFn: FetchFn): Promise<Uint8Array> {
  let response: Awaited<ReturnType<FetchFn>>;
  try {
    response = await fetchFn(url);
  } catch (error) {
    throw new AffectscopeError('model-missing', `${what} ${url} could not be fetched (${(error as Error).message}); ${SETUP_HINT}`, { cause: error });
  }
  if (!response.ok) {
    throw new AffectscopeError('model-missing', `${what} ${url} is missing (HTTP ${response.status}); ${SETUP_HINT}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

/** One tensor of a weight file → float32 values (float16 and uint8 decoded). */
export function decodeTensor(bytes: Uint8Array, tensor: ManifestTensor): Float32Array {
  const count = elementCount(tensor.shape);
  const start = bytes.byteOffset + tensor.byteOffset;
  // slice() copies into a fresh, aligned buffer; weight files are little-endian like every browser platform.
  if (tensor.dtype === 'float32') return new Float32Array(bytes.buffer.slice(start, start + count * 4));
  if (tensor.dtype === 'uint8') return dequantizeUint8(new Uint8Array(bytes.buffer, start, count), tensor.quantization!);
  return decodeFloat16(new Uint16Array(bytes.buffer.slice(start, start + count * 2)));
}

/**
 * Fetches manifest.json and its weight files, checks every file's length and SHA-256, and decodes the tensors.
 * Throws AffectscopeError 'model-missing' (404 / network), 'model-manifest' (malformed) or 'model-integrity'.
 */
export async function loadModelWeights(manifestUrl: string, fetchFn: FetchFn = (url) => fetch(url)): Promise<LoadedModelWeights> {
  const manifestBytes = await fetchBytes(manifestUrl, 'model manifest', fetchFn);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(manifestBytes));
  } catch (error) {
    throw new AffectscopeError('model-manifest', `model manifest ${manifestUrl}: expected JSON, got ${(error as Error).message}`, { cause: error });
  }
  const manifest = validateManifest(json);
  const weights = new Map<string, Float32Array>();
  for (const file of manifest.weights) {
    const url = resolveRelative(manifestUrl, file.path);
    const bytes = await fetchBytes(url, 'model weight file', fetchFn);
    if (bytes.byteLength !== file.byteLength) {
      throw new AffectscopeError('model-integrity', `model weight file ${url}: expected ${file.byteLength} bytes, got ${bytes.byteLength}; ${SETUP_HINT}`);
    }
    const sha256 = await webSha256Hex(bytes, 'model-integrity', 'the model files');
    if (sha256 !== file.sha256) {
      throw new AffectscopeError('model-integrity', `model weight file ${url}: expected SHA-256 ${file.sha256}, got ${sha256}; ${SETUP_HINT}`);
    }
    for (const tensor of file.tensors) weights.set(tensor.name, decodeTensor(bytes, tensor));
  }
  return { manifest, weights };
}
