import { AffectscopeError } from '../errors';
import type { NormalizedPoint, PixelBox, PixelPoint } from './types';

/**
 * MediaPipe Face Landmarker indices used for 5-point alignment. "Image-left" is as seen in the
 * unmirrored camera frame (the subject's right side); landmarks must come from that frame.
 */
export const FACE_MESH_INDICES = Object.freeze({
  imageLeftIrisCentre: 468,
  imageRightIrisCentre: 473,
  imageLeftEyeCorners: [33, 133] as const,
  imageRightEyeCorners: [362, 263] as const,
  noseTip: 1,
  imageLeftMouthCorner: 61,
  imageRightMouthCorner: 291,
});

/** Face mesh without iris points (tfjs facemesh); 478 = with iris refinement (Face Landmarker). */
export const FACE_MESH_POINTS = 468;
export const FACE_MESH_POINTS_WITH_IRIS = 478;

function toPixels(p: NormalizedPoint, widthPx: number, heightPx: number): PixelPoint {
  return { x: p.x * widthPx, y: p.y * heightPx };
}

function midpoint(p: PixelPoint, q: PixelPoint): PixelPoint {
  return { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 };
}

function checkSize(widthPx: number, heightPx: number): void {
  if (!(widthPx > 0 && heightPx > 0 && Number.isFinite(widthPx) && Number.isFinite(heightPx))) {
    throw new AffectscopeError('invalid-options', `expected image size > 0, got ${widthPx}×${heightPx}`);
  }
}

/**
 * The 5 alignment points in source pixels, in FACE_TEMPLATE_96 order, from a 468- or 478-point
 * face mesh. Eye centres are the iris centres when present, else the mean of the eye corners.
 */
export function fivePointsFromLandmarks(landmarks: readonly NormalizedPoint[], widthPx: number, heightPx: number): PixelPoint[] {
  checkSize(widthPx, heightPx);
  if (landmarks.length < FACE_MESH_POINTS) {
    throw new AffectscopeError('invalid-options', `expected at least ${FACE_MESH_POINTS} face-mesh landmarks, got ${landmarks.length}`);
  }
  const px = (i: number) => toPixels(landmarks[i], widthPx, heightPx);
  const I = FACE_MESH_INDICES;
  const hasIris = landmarks.length >= FACE_MESH_POINTS_WITH_IRIS;
  const leftEye = hasIris ? px(I.imageLeftIrisCentre) : midpoint(px(I.imageLeftEyeCorners[0]), px(I.imageLeftEyeCorners[1]));
  const rightEye = hasIris ? px(I.imageRightIrisCentre) : midpoint(px(I.imageRightEyeCorners[0]), px(I.imageRightEyeCorners[1]));
  return [leftEye, rightEye, px(I.noseTip), px(I.imageLeftMouthCorner), px(I.imageRightMouthCorner)];
}

/** Tight axis-aligned box around all landmarks, in source pixels (not clipped to the image). */
export function boundingBox(landmarks: readonly NormalizedPoint[], widthPx: number, heightPx: number): PixelBox {
  checkSize(widthPx, heightPx);
  if (landmarks.length === 0) throw new AffectscopeError('invalid-options', 'expected at least 1 landmark, got 0');
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const p of landmarks) {
    minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x);
    minY = Math.min(minY, p.y); maxY = Math.max(maxY, p.y);
  }
  return { xPx: minX * widthPx, yPx: minY * heightPx, widthPx: (maxX - minX) * widthPx, heightPx: (maxY - minY) * heightPx };
}

/** Index of the face whose landmark bounding box has the largest pixel area; -1 when there is none. */
export function largestFaceIndex(faces: readonly (readonly NormalizedPoint[])[], widthPx: number, heightPx: number): number {
  let best = -1;
  let bestArea = -Infinity;
  faces.forEach((face, i) => {
    if (face.length === 0) return;
    const box = boundingBox(face, widthPx, heightPx);
    const area = box.widthPx * box.heightPx;
    if (area > bestArea) { bestArea = area; best = i; }
  });
  return best;
}
