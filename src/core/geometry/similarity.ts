import { AffectscopeError } from '../errors';
import type { PixelPoint } from './types';

/**
 * A 2-D similarity (rotation, uniform scale, translation; no reflection):
 * x' = a·x − b·y + tx,  y' = b·x + a·y + ty,  with a = s·cosθ, b = s·sinθ.
 */
export interface SimilarityTransform {
  a: number;
  b: number;
  tx: number;
  ty: number;
}

export const IDENTITY_SIMILARITY: Readonly<SimilarityTransform> = Object.freeze({ a: 1, b: 0, tx: 0, ty: 0 });

/**
 * Least-squares similarity mapping `src` onto `dst` (Umeyama 1991, without reflection).
 * In 2-D this is the complex-number regression dst ≈ c·src + t with c = a + ib, whose
 * minimiser over all c is exactly Umeyama's rotation-times-scale solution.
 * Used for the paper's 5-point face alignment (Kollias & Zafeiriou 2019, §3 pre-processing).
 */
export function estimateSimilarity(src: readonly PixelPoint[], dst: readonly PixelPoint[]): SimilarityTransform {
  if (src.length !== dst.length) {
    throw new AffectscopeError('invalid-options', `expected src and dst of equal length, got ${src.length} and ${dst.length}`);
  }
  const n = src.length;
  if (n < 2) throw new AffectscopeError('invalid-options', `expected at least 2 point pairs, got ${n}`);
  let sxMean = 0, syMean = 0, dxMean = 0, dyMean = 0;
  for (let i = 0; i < n; i++) {
    sxMean += src[i].x; syMean += src[i].y; dxMean += dst[i].x; dyMean += dst[i].y;
  }
  sxMean /= n; syMean /= n; dxMean /= n; dyMean /= n;
  let srcVariance = 0, dot = 0, cross = 0;
  for (let i = 0; i < n; i++) {
    const sx = src[i].x - sxMean, sy = src[i].y - syMean;
    const dx = dst[i].x - dxMean, dy = dst[i].y - dyMean;
    srcVariance += sx * sx + sy * sy;
    dot += sx * dx + sy * dy;
    cross += sx * dy - sy * dx;
  }
  if (!Number.isFinite(dot) || !Number.isFinite(cross) || !Number.isFinite(srcVariance)) {
    throw new AffectscopeError('invalid-options', 'expected finite point coordinates, got NaN or Infinity');
  }
  // Degenerate when the source points (nearly) coincide: no rotation or scale is determined.
  const magnitude = Math.max(1, Math.abs(sxMean) + Math.abs(syMean));
  if (srcVariance <= 1e-12 * magnitude * magnitude * n) {
    throw new AffectscopeError('invalid-options', `expected source points that are not all coincident, got spread ${srcVariance}`);
  }
  const a = dot / srcVariance;
  const b = cross / srcVariance;
  if (a === 0 && b === 0) {
    throw new AffectscopeError('invalid-options', 'expected destination points that are not all coincident, got zero spread');
  }
  return { a, b, tx: dxMean - (a * sxMean - b * syMean), ty: dyMean - (b * sxMean + a * syMean) };
}

/** Maps one point through `t`. */
export function applySimilarity(t: SimilarityTransform, p: PixelPoint): PixelPoint {
  return { x: t.a * p.x - t.b * p.y + t.tx, y: t.b * p.x + t.a * p.y + t.ty };
}

/** The inverse transform (x' → x); throws for a zero-scale transform. */
export function invertSimilarity(t: SimilarityTransform): SimilarityTransform {
  const det = t.a * t.a + t.b * t.b;
  if (!(det > 0) || !Number.isFinite(det)) {
    throw new AffectscopeError('invalid-options', `expected an invertible similarity (scale > 0), got a=${t.a}, b=${t.b}`);
  }
  const a = t.a / det, b = -t.b / det;
  return { a, b, tx: -(a * t.tx - b * t.ty), ty: -(b * t.tx + a * t.ty) };
}

/** Uniform scale factor s = √(a² + b²) (output units per input unit). */
export function similarityScale(t: SimilarityTransform): number {
  return Math.hypot(t.a, t.b);
}

/** Rotation angle θ in radians, counter-clockwise in a y-up frame (clockwise on screen, y down). */
export function similarityRotationRad(t: SimilarityTransform): number {
  return Math.atan2(t.b, t.a);
}
