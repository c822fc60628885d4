/** How two face boxes relate: overlap (IoU) and the distance between their centres. */
import type { PixelBox } from '../geometry';

/** Intersection over union of two boxes, ∈ [0, 1] (0 for disjoint or empty boxes). */
export function boxIou(a: PixelBox, b: PixelBox): number {
  const overlapX = Math.min(a.xPx + a.widthPx, b.xPx + b.widthPx) - Math.max(a.xPx, b.xPx);
  const overlapY = Math.min(a.yPx + a.heightPx, b.yPx + b.heightPx) - Math.max(a.yPx, b.yPx);
  if (overlapX <= 0 || overlapY <= 0) return 0;
  const intersection = overlapX * overlapY;
  const union = a.widthPx * a.heightPx + b.widthPx * b.heightPx - intersection;
  return union > 0 ? intersection / union : 0;
}

/**
 * Distance between the boxes' centres in units of the wider box's width (so the same shift counts the
 * same for a near and a far face): 0 = same centre, 1 = one face-width apart.
 */
export function centreShift(a: PixelBox, b: PixelBox): number {
  const dx = a.xPx + a.widthPx / 2 - (b.xPx + b.widthPx / 2);
  const dy = a.yPx + a.heightPx / 2 - (b.yPx + b.heightPx / 2);
  const scale = Math.max(a.widthPx, b.widthPx);
  return scale > 0 ? Math.hypot(dx, dy) / scale : Infinity;
}
