import { AffectscopeError } from '../errors';
import type { PixelPoint } from './types';

/**
 * The ArcFace 5-point template for a 112×112 crop (insightface), in order: image-left eye
 * centre, image-right eye centre, nose tip, image-left mouth corner, image-right mouth corner.
 */
export const ARCFACE_TEMPLATE_112: readonly Readonly<PixelPoint>[] = Object.freeze([
  { x: 38.2946, y: 51.6963 },
  { x: 73.5318, y: 51.5014 },
  { x: 56.0252, y: 71.7366 },
  { x: 41.5493, y: 92.3655 },
  { x: 70.7299, y: 92.2041 },
].map((p) => Object.freeze(p)));

/** Template positions (crop pixels) for a square crop of side `cropSizePx`: ArcFace 112 scaled by cropSizePx/112. */
export function faceTemplate(cropSizePx: number): PixelPoint[] {
  if (!(Number.isFinite(cropSizePx) && cropSizePx > 0)) {
    throw new AffectscopeError('invalid-options', `expected cropSizePx > 0, got ${cropSizePx}`);
  }
  const scale = cropSizePx / 112;
  return ARCFACE_TEMPLATE_112.map((p) => ({ x: p.x * scale, y: p.y * scale }));
}

/** The 5-point template in the paper's 96×96 crop (Kollias & Zafeiriou 2019, §3 pre-processing). */
export const FACE_TEMPLATE_96: readonly Readonly<PixelPoint>[] = Object.freeze(faceTemplate(96).map((p) => Object.freeze(p)));
