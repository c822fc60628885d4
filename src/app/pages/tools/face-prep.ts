/**
 * Face preprocessing of still grayscale images (FER2013-style tight crops) through the live page's own
 * stages: pad and upscale so the MediaPipe detector sees a face with some context, the project's
 * Face Landmarker (IMAGE mode), then the paper's 5-point alignment (core/geometry alignFace) of the
 * ORIGINAL image with the landmarks mapped back to it. The padding only helps the detector: the crop is
 * warped from the source pixels, edge-clamped as in the live page, with no padding colour in it.
 * Shared by `npm run prepare-data -- faces` and `npm run evaluate`, so training and evaluation
 * inputs cannot drift apart.
 */
import { AffectscopeError } from '../../../core/errors';
import {
  alignFace,
  largestFaceIndex,
  warpToCrop,
  type AlignOptions,
  type NormalizedPoint,
  type RgbaImage,
  type SimilarityTransform,
} from '../../../core/geometry';
import type { FaceLandmarkerHandle } from '../../../io/landmarker';

/** How a W×H grayscale image is framed for the landmarker. */
export interface FacePadVariant {
  /** padding on each side, as a fraction of max(W, H); the padded image is square */
  padFraction: number;
  /** what fills the padding: edge pixels repeated, the image mirrored, mid-grey (128) or black */
  border: 'replicate' | 'reflect' | 'grey' | 'black';
  /** side of the square image given to the landmarker (and aligned from), px; bilinear scaling */
  canvasSizePx: number;
}

/** A grayscale image, row-major, one byte per pixel. */
export interface GrayImage {
  data: Uint8Array;
  widthPx: number;
  heightPx: number;
}

export interface PreparedFace {
  /** true: the landmarker found a face; false: `crop` comes from the fallback transform (or is null without one) */
  found: boolean;
  /** cropSizePx² × 3, HWC, ∈ [-1, 1] (alignFace), or null for a miss without a fallback */
  crop: Float32Array | null;
  /** source-image px → crop px: the alignment of a hit, the fallback of a miss, null for a miss without one */
  transform: SimilarityTransform | null;
  /** 52 MediaPipe blendshape scores ∈ [0, 1] by name; null on a miss */
  blendshapes: Record<string, number> | null;
  faceCount: number;
}

export function validateFacePadVariant(variant: FacePadVariant): FacePadVariant {
  const { padFraction, border, canvasSizePx } = variant;
  if (!(Number.isFinite(padFraction) && padFraction >= 0 && padFraction <= 4)) {
    throw new AffectscopeError('invalid-options', `expected padFraction ∈ [0, 4], got ${padFraction}`);
  }
  if (!['replicate', 'reflect', 'grey', 'black'].includes(border)) {
    throw new AffectscopeError('invalid-options', `expected border replicate|reflect|grey|black, got ${String(border)}`);
  }
  if (!(Number.isInteger(canvasSizePx) && canvasSizePx >= 1 && canvasSizePx <= 2048)) {
    throw new AffectscopeError('invalid-options', `expected canvasSizePx an integer in [1, 2048], got ${canvasSizePx}`);
  }
  return { padFraction, border, canvasSizePx };
}

/** Mirrors index-space coordinate x into [0, n − 1] (half-sample symmetric, like numpy's 'symmetric'). */
function reflect(x: number, n: number): number {
  const period = 2 * n;
  let m = (((x + 0.5) % period) + period) % period;
  if (m >= n) m = period - m;
  return Math.min(Math.max(m - 0.5, 0), n - 1);
}

/** Where the source image lies in the canvas: canvas px = (source px + offset) · scale. */
export interface CanvasPlacement {
  scale: number;
  offsetXPx: number;
  offsetYPx: number;
}

export function canvasPlacement(widthPx: number, heightPx: number, variant: FacePadVariant): CanvasPlacement {
  const paddedSide = Math.max(widthPx, heightPx) * (1 + 2 * variant.padFraction);
  return { scale: variant.canvasSizePx / paddedSide, offsetXPx: (paddedSide - widthPx) / 2, offsetYPx: (paddedSide - heightPx) / 2 };
}

/** Canvas-normalised landmarks → source-normalised ones (x, y ∈ [0, 1] of the source width and height). */
export function landmarksToSource(points: readonly NormalizedPoint[], image: GrayImage, variant: FacePadVariant): NormalizedPoint[] {
  const { scale, offsetXPx, offsetYPx } = canvasPlacement(image.widthPx, image.heightPx, variant);
  const side = variant.canvasSizePx;
  return points.map((p) => ({ x: ((p.x * side) / scale - offsetXPx) / image.widthPx, y: ((p.y * side) / scale - offsetYPx) / image.heightPx, z: p.z }));
}

/** A grayscale image as opaque RGBA (R = G = B), the form alignFace takes. */
export function grayToRgba(image: GrayImage): RgbaImage {
  const { data, widthPx, heightPx } = image;
  const rgba = new Uint8ClampedArray(widthPx * heightPx * 4);
  for (let i = 0; i < widthPx * heightPx; i++) {
    rgba[i * 4] = data[i]; rgba[i * 4 + 1] = data[i]; rgba[i * 4 + 2] = data[i]; rgba[i * 4 + 3] = 255;
  }
  return { data: rgba, widthPx, heightPx };
}

/**
 * The square RGBA image the landmarker sees: `image` centred in a padded square of side
 * max(W, H)·(1 + 2·padFraction), filled per `border`, scaled bilinearly to canvasSizePx².
 */
export function padAndScale(image: GrayImage, variant: FacePadVariant): RgbaImage {
  const { border, canvasSizePx } = validateFacePadVariant(variant);
  const { data, widthPx: w, heightPx: h } = image;
  if (!(w > 0 && h > 0) || data.length < w * h) {
    throw new AffectscopeError('invalid-options', `expected ${w}×${h} grayscale bytes, got ${data.length}`);
  }
  const { scale, offsetXPx: offsetX, offsetYPx: offsetY } = canvasPlacement(w, h, variant);
  const out = new Uint8ClampedArray(canvasSizePx * canvasSizePx * 4);
  const constant = border === 'grey' ? 128 : 0;
  for (let v = 0; v < canvasSizePx; v++) {
    // canvas pixel centre → source continuous coords → source index space (centres at integers)
    let fy = (v + 0.5) / scale - offsetY - 0.5;
    const outsideY = fy < -0.5 || fy > h - 0.5;
    fy = border === 'reflect' ? reflect(fy, h) : Math.min(Math.max(fy, 0), h - 1);
    for (let u = 0; u < canvasSizePx; u++) {
      let fx = (u + 0.5) / scale - offsetX - 0.5;
      const outside = outsideY || fx < -0.5 || fx > w - 0.5;
      let value: number;
      if (outside && (border === 'grey' || border === 'black')) {
        value = constant;
      } else {
        fx = border === 'reflect' ? reflect(fx, w) : Math.min(Math.max(fx, 0), w - 1);
        const x0 = Math.floor(fx), y0 = Math.floor(fy);
        const x1 = Math.min(x0 + 1, w - 1), y1 = Math.min(y0 + 1, h - 1);
        const wx = fx - x0, wy = fy - y0;
        const top = data[y0 * w + x0] * (1 - wx) + data[y0 * w + x1] * wx;
        const bottom = data[y1 * w + x0] * (1 - wx) + data[y1 * w + x1] * wx;
        value = top * (1 - wy) + bottom * wy;
      }
      const o = (v * canvasSizePx + u) * 4;
      out[o] = value; out[o + 1] = value; out[o + 2] = value; out[o + 3] = 255;
    }
  }
  return { data: out, widthPx: canvasSizePx, heightPx: canvasSizePx };
}

/** RgbaImage → ImageData, the form MediaPipe takes; a copy when the bytes are not already clamped. */
function toImageData(image: RgbaImage): ImageData {
  const data = image.data instanceof Uint8ClampedArray ? image.data : new Uint8ClampedArray(image.data);
  return new ImageData(data as Uint8ClampedArray<ArrayBuffer>, image.widthPx, image.heightPx);
}

/**
 * One image through pad/scale → landmarker → alignFace of the source image. On a miss, the crop is
 * `fallback` (source px → crop px) applied to the source (explicit, and flagged by found = false), or
 * null without a fallback.
 */
export function prepareFace(
  landmarker: FaceLandmarkerHandle,
  image: GrayImage,
  variant: FacePadVariant,
  alignOptions: AlignOptions,
  fallback: SimilarityTransform | null,
): PreparedFace {
  const canvas = padAndScale(image, variant);
  const faces = landmarker.detect(toImageData(canvas), 0);
  const source = grayToRgba(image);
  if (faces.length === 0) {
    const crop = fallback ? warpToCrop(source, fallback, alignOptions) : null;
    return { found: false, crop, transform: fallback, blendshapes: null, faceCount: 0 };
  }
  const face = faces[largestFaceIndex(faces.map((f) => f.landmarks), canvas.widthPx, canvas.heightPx)];
  const { crop, transform } = alignFace(source, landmarksToSource(face.landmarks, image, variant), alignOptions);
  return { found: true, crop, transform, blendshapes: face.blendshapes, faceCount: faces.length };
}

/** Element-wise median of the hits' transforms (a, b, tx, ty): the fallback for misses (FER faces are roughly centred). */
export function medianTransform(transforms: readonly SimilarityTransform[]): SimilarityTransform | null {
  if (transforms.length === 0) return null;
  const median = (values: number[]) => {
    const sorted = [...values].sort((x, y) => x - y);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  return {
    a: median(transforms.map((t) => t.a)),
    b: median(transforms.map((t) => t.b)),
    tx: median(transforms.map((t) => t.tx)),
    ty: median(transforms.map((t) => t.ty)),
  };
}
