/**
 * A batch of grayscale images through face-prep, in the shape that crosses page.evaluate (JSON + base64).
 * `prepare` keeps uint8 luma crops and blendshapes (training data); `evaluate` hands each float crop to a callback.
 */
import type { AlignOptions, SimilarityTransform } from '../../../core/geometry';
import type { FaceLandmarkerHandle } from '../../../io/landmarker';
import { base64ToBytes, bytesToBase64, float32ToBase64 } from './base64';
import { prepareFace, type FacePadVariant, type PreparedFace } from './face-prep';

export interface FaceBatchRequest {
  /** count·heightPx·widthPx grayscale bytes, image-major */
  imagesBase64: string;
  count: number;
  heightPx: number;
  widthPx: number;
  variant: FacePadVariant;
  /** applied to misses; null: misses get no crop (a first pass, before the hits' median is known) */
  fallback: SimilarityTransform | null;
}

export interface FaceBatchResult {
  /** 1 = the landmarker found a face, 0 = a miss */
  found: number[];
  /** per image [a, b, tx, ty] canvas px → crop px, or null (a miss without fallback) */
  transforms: ([number, number, number, number] | null)[];
  /** total ms spent padding, in the landmarker and aligning, over the batch */
  prepareMs: number;
}

export interface PreparedFaceBatch extends FaceBatchResult {
  /** count·cropSizePx² uint8 = round((luma + 1)·127.5); zeros for a miss without fallback */
  cropsBase64: string;
  /** count·names.length float32 blendshape scores; zeros on misses */
  blendshapesBase64: string;
  /** blendshape names in column order (MediaPipe's order), empty when the batch had no hit */
  blendshapeNames: string[];
}

/** Runs every image of `request` through prepareFace, calling `onFace(i, face)` in order. */
export function runFaceBatch(
  landmarker: FaceLandmarkerHandle,
  request: FaceBatchRequest,
  alignOptions: AlignOptions,
  onFace: (index: number, face: PreparedFace) => void,
): FaceBatchResult {
  const { count, heightPx, widthPx } = request;
  const bytes = base64ToBytes(request.imagesBase64);
  if (bytes.length !== count * heightPx * widthPx) {
    throw new Error(`face batch: expected ${count}×${heightPx}×${widthPx} = ${count * heightPx * widthPx} bytes, got ${bytes.length}`);
  }
  const result: FaceBatchResult = { found: [], transforms: [], prepareMs: 0 };
  const imageSize = heightPx * widthPx;
  for (let i = 0; i < count; i++) {
    const image = { data: bytes.subarray(i * imageSize, (i + 1) * imageSize), widthPx, heightPx };
    const started = performance.now();
    const face = prepareFace(landmarker, image, request.variant, alignOptions, request.fallback);
    result.prepareMs += performance.now() - started;
    result.found.push(face.found ? 1 : 0);
    result.transforms.push(face.transform ? [face.transform.a, face.transform.b, face.transform.tx, face.transform.ty] : null);
    onFace(i, face);
  }
  return result;
}

/** Training data: uint8 luma crops (luma3 alignment) and blendshapes, in the names' order. */
export function prepareFaceBatch(landmarker: FaceLandmarkerHandle, request: FaceBatchRequest, cropSizePx: number, knownNames: string[]): PreparedFaceBatch {
  const pixels = cropSizePx * cropSizePx;
  const crops = new Uint8Array(request.count * pixels);
  const rows: (Record<string, number> | null)[] = [];
  const alignOptions: AlignOptions = { cropSizePx, colorMode: 'luma3' };
  const result = runFaceBatch(landmarker, request, alignOptions, (i, face) => {
    rows.push(face.blendshapes);
    if (!face.crop) return;
    for (let p = 0; p < pixels; p++) crops[i * pixels + p] = Math.round((face.crop[p * 3] + 1) * 127.5);
  });
  const names = knownNames.length > 0 ? knownNames : Object.keys(rows.find((r) => r !== null) ?? {});
  const blendshapes = new Float32Array(request.count * names.length);
  rows.forEach((row, i) => {
    if (!row) return;
    const keys = Object.keys(row);
    if (keys.length !== names.length || names.some((name, k) => keys[k] !== name)) {
      throw new Error(`blendshapes: expected the ${names.length} names ${names.slice(0, 3).join(', ')}…, got ${keys.length} (${keys.slice(0, 3).join(', ')}…)`);
    }
    names.forEach((name, k) => (blendshapes[i * names.length + k] = row[name]));
  });
  return { ...result, cropsBase64: bytesToBase64(crops), blendshapesBase64: float32ToBase64(blendshapes), blendshapeNames: names };
}
