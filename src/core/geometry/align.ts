import { AffectscopeError } from '../errors';
import { estimateSimilarity, invertSimilarity, type SimilarityTransform } from './similarity';
import { faceTemplate } from './template';
import { fivePointsFromLandmarks } from './landmarks';
import type { NormalizedPoint, PixelBox, RgbaImage, RgbaWindow } from './types';

/** 'rgb': colour as captured; 'luma3': BT.601 luma copied to 3 channels, so grayscale training data meets a colour camera. */
export type AlignColorMode = 'rgb' | 'luma3';

export interface AlignOptions {
  /** side of the square crop, pixels (the paper uses 96) */
  cropSizePx: number;
  colorMode: AlignColorMode;
}

export const DEFAULT_ALIGN_OPTIONS: Readonly<AlignOptions> = Object.freeze({ cropSizePx: 96, colorMode: 'rgb' });

/** Complete, checked copy of `options` over the defaults; throws AffectscopeError('invalid-options'). */
export function validateAlignOptions(options: Partial<AlignOptions> = {}): AlignOptions {
  const merged = { ...DEFAULT_ALIGN_OPTIONS, ...options };
  if (!(Number.isInteger(merged.cropSizePx) && merged.cropSizePx > 0)) {
    throw new AffectscopeError('invalid-options', `expected cropSizePx to be a positive integer, got ${merged.cropSizePx}`);
  }
  if (merged.colorMode !== 'rgb' && merged.colorMode !== 'luma3') {
    throw new AffectscopeError('invalid-options', `expected colorMode 'rgb' or 'luma3', got ${String(merged.colorMode)}`);
  }
  return { cropSizePx: merged.cropSizePx, colorMode: merged.colorMode };
}

export interface AlignedFace {
  /** cropSizePx·cropSizePx·3 values, HWC row-major, each ∈ [-1, 1] (v / 127.5 − 1, paper §3) */
  crop: Float32Array;
  /** source pixels → crop pixels */
  transform: SimilarityTransform;
}

const LUMA_R = 0.299, LUMA_G = 0.587, LUMA_B = 0.114; // ITU-R BT.601

/** Crop pixel centre (u + ½, v + ½) → source index space (pixel centres at integers), before clamping. */
function sourceX(inv: SimilarityTransform, cx: number, cy: number): number {
  return inv.a * cx - inv.b * cy + inv.tx - 0.5;
}
function sourceY(inv: SimilarityTransform, cx: number, cy: number): number {
  return inv.b * cx + inv.a * cy + inv.ty - 0.5;
}

/**
 * The pixels of a frameWidthPx × frameHeightPx frame that warping through `transform` reads (with a 1-pixel
 * margin against rounding), as an integer box inside the frame: read only this window of a video frame
 * (`RgbaWindow`) and the crop is the same as from the whole frame. The sample points are an affine image of
 * the crop's pixel grid, so their extremes lie at its four corners.
 */
export function cropSourceWindow(
  transform: SimilarityTransform,
  cropSizePx: number,
  frameWidthPx: number,
  frameHeightPx: number,
): PixelBox {
  const inv = invertSimilarity(transform);
  const corners = [0.5, cropSizePx - 0.5];
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (const cx of corners) {
    for (const cy of corners) {
      const x = sourceX(inv, cx, cy), y = sourceY(inv, cx, cy);
      minX = Math.min(minX, x); maxX = Math.max(maxX, x);
      minY = Math.min(minY, y); maxY = Math.max(maxY, y);
    }
  }
  const clamp = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
  const x0 = clamp(Math.floor(minX) - 1, frameWidthPx - 1), x1 = clamp(Math.floor(maxX) + 2, frameWidthPx - 1);
  const y0 = clamp(Math.floor(minY) - 1, frameHeightPx - 1), y1 = clamp(Math.floor(maxY) + 2, frameHeightPx - 1);
  return { xPx: x0, yPx: y0, widthPx: x1 - x0 + 1, heightPx: y1 - y0 + 1 };
}

function isWindow(image: RgbaImage | RgbaWindow): image is RgbaWindow {
  return 'frameWidthPx' in image;
}

/**
 * Warps `image` into a crop through `transform` (source px → crop px) by bilinear sampling at
 * each crop pixel centre. Samples outside the image are edge-clamped (replicate the border)
 * rather than black, so a face near the frame edge gets no hard artificial edge in the crop.
 * `image` may be a window of the frame (`RgbaWindow`, transform still in frame pixels) covering
 * `cropSourceWindow`: the crop is then identical to the whole frame's.
 */
export function warpToCrop(image: RgbaImage | RgbaWindow, transform: SimilarityTransform, options: Partial<AlignOptions> = {}): Float32Array {
  const { cropSizePx, colorMode } = validateAlignOptions(options);
  const { data, widthPx: stride, heightPx: rows } = image;
  if (!(stride > 0 && rows > 0) || data.length < stride * rows * 4) {
    throw new AffectscopeError('invalid-options', `expected RGBA data of ${stride}×${rows}×4 bytes, got ${data.length}`);
  }
  const region = isWindow(image) ? image : null;
  const w = region ? region.frameWidthPx : stride, h = region ? region.frameHeightPx : rows;
  const ox = region ? region.xPx : 0, oy = region ? region.yPx : 0;
  if (region) {
    const needed = cropSourceWindow(transform, cropSizePx, w, h);
    if (needed.xPx < ox || needed.yPx < oy || needed.xPx + needed.widthPx > ox + stride || needed.yPx + needed.heightPx > oy + rows) {
      throw new AffectscopeError(
        'invalid-options',
        `the window ${stride}×${rows} at (${ox}, ${oy}) does not cover the crop's source pixels ${needed.widthPx}×${needed.heightPx} at (${needed.xPx}, ${needed.yPx})`,
      );
    }
  }
  const inv = invertSimilarity(transform);
  const crop = new Float32Array(cropSizePx * cropSizePx * 3);
  const rgb = [0, 0, 0];
  for (let v = 0; v < cropSizePx; v++) {
    for (let u = 0; u < cropSizePx; u++) {
      const cx = u + 0.5, cy = v + 0.5;
      const fx = Math.min(Math.max(sourceX(inv, cx, cy), 0), w - 1);
      const fy = Math.min(Math.max(sourceY(inv, cx, cy), 0), h - 1);
      const x0 = Math.floor(fx), y0 = Math.floor(fy);
      const x1 = Math.min(x0 + 1, w - 1), y1 = Math.min(y0 + 1, h - 1);
      const wx = fx - x0, wy = fy - y0;
      const r0 = (y0 - oy) * stride, r1 = (y1 - oy) * stride;
      const i00 = (r0 + x0 - ox) * 4, i01 = (r0 + x1 - ox) * 4, i10 = (r1 + x0 - ox) * 4, i11 = (r1 + x1 - ox) * 4;
      for (let c = 0; c < 3; c++) {
        const top = data[i00 + c] * (1 - wx) + data[i01 + c] * wx;
        const bottom = data[i10 + c] * (1 - wx) + data[i11 + c] * wx;
        rgb[c] = top * (1 - wy) + bottom * wy;
      }
      const o = (v * cropSizePx + u) * 3;
      if (colorMode === 'luma3') {
        const y = (LUMA_R * rgb[0] + LUMA_G * rgb[1] + LUMA_B * rgb[2]) / 127.5 - 1;
        crop[o] = y; crop[o + 1] = y; crop[o + 2] = y;
      } else {
        crop[o] = rgb[0] / 127.5 - 1; crop[o + 1] = rgb[1] / 127.5 - 1; crop[o + 2] = rgb[2] / 127.5 - 1;
      }
    }
  }
  return crop;
}

/** The similarity transform (frame pixels → crop pixels) that puts the face's 5 points on the template. */
export function faceAlignmentTransform(
  landmarks: readonly NormalizedPoint[],
  frameWidthPx: number,
  frameHeightPx: number,
  options: Partial<AlignOptions> = {},
): SimilarityTransform {
  const { cropSizePx } = validateAlignOptions(options);
  return estimateSimilarity(fivePointsFromLandmarks(landmarks, frameWidthPx, frameHeightPx), faceTemplate(cropSizePx));
}

/**
 * The paper's face alignment (Kollias & Zafeiriou 2019, §3 pre-processing): a similarity
 * transform of 5 landmarks onto the template, then a cropSizePx² crop scaled to [-1, 1].
 */
export function alignFace(image: RgbaImage, landmarks: readonly NormalizedPoint[], options: Partial<AlignOptions> = {}): AlignedFace {
  const checked = validateAlignOptions(options);
  const transform = faceAlignmentTransform(landmarks, image.widthPx, image.heightPx, checked);
  return { crop: warpToCrop(image, transform, checked), transform };
}
