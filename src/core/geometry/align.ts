import { AffectscopeError } from '../errors';
import { estimateSimilarity, invertSimilarity, type SimilarityTransform } from './similarity';
import { faceTemplate } from './template';
import { fivePointsFromLandmarks } from './landmarks';
import type { NormalizedPoint, RgbaImage } from './types';

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

/**
 * Warps `image` into a crop through `transform` (source px → crop px) by bilinear sampling at
 * each crop pixel centre. Samples outside the image are edge-clamped (replicate the border)
 * rather than black, so a face near the frame edge gets no hard artificial edge in the crop.
 */
export function warpToCrop(image: RgbaImage, transform: SimilarityTransform, options: Partial<AlignOptions> = {}): Float32Array {
  const { cropSizePx, colorMode } = validateAlignOptions(options);
  const { data, widthPx: w, heightPx: h } = image;
  if (!(w > 0 && h > 0) || data.length < w * h * 4) {
    throw new AffectscopeError('invalid-options', `expected RGBA data of ${w}×${h}×4 bytes, got ${data.length}`);
  }
  const inv = invertSimilarity(transform);
  const crop = new Float32Array(cropSizePx * cropSizePx * 3);
  const rgb = [0, 0, 0];
  for (let v = 0; v < cropSizePx; v++) {
    for (let u = 0; u < cropSizePx; u++) {
      // crop pixel centre → source continuous coords → source index space (centres at integers)
      const cx = u + 0.5, cy = v + 0.5;
      const fx = Math.min(Math.max(inv.a * cx - inv.b * cy + inv.tx - 0.5, 0), w - 1);
      const fy = Math.min(Math.max(inv.b * cx + inv.a * cy + inv.ty - 0.5, 0), h - 1);
      const x0 = Math.floor(fx), y0 = Math.floor(fy);
      const x1 = Math.min(x0 + 1, w - 1), y1 = Math.min(y0 + 1, h - 1);
      const wx = fx - x0, wy = fy - y0;
      const i00 = (y0 * w + x0) * 4, i01 = (y0 * w + x1) * 4, i10 = (y1 * w + x0) * 4, i11 = (y1 * w + x1) * 4;
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

/**
 * The paper's face alignment (Kollias & Zafeiriou 2019, §3 pre-processing): a similarity
 * transform of 5 landmarks onto the template, then a cropSizePx² crop scaled to [-1, 1].
 */
export function alignFace(image: RgbaImage, landmarks: readonly NormalizedPoint[], options: Partial<AlignOptions> = {}): AlignedFace {
  const checked = validateAlignOptions(options);
  const sourcePoints = fivePointsFromLandmarks(landmarks, image.widthPx, image.heightPx);
  const transform = estimateSimilarity(sourcePoints, faceTemplate(checked.cropSizePx));
  return { crop: warpToCrop(image, transform, checked), transform };
}
