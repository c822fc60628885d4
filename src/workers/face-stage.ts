/** Landmarks → tracked face → aligned crop and measured AUs: the visual half of one frame, timed per stage. */
import { blendshapesToActionUnits, type MeasuredActionUnits } from '../core/au';
import { FaceSearchPolicy } from '../core/face-search';
import { alignFace, boundingBox, largestFaceIndex, type AlignOptions } from '../core/geometry';
import type { DetectedFace, FaceLandmarkerHandle } from '../io/landmarker';
import type { FaceBoxPx, FrameStatus } from './protocol';

export interface FaceStageResult {
  status: FrameStatus;
  faceCount: number;
  face: DetectedFace | null;
  box: FaceBoxPx | null;
  crop: Float32Array | null;
  /** the tracked face's AUs measured from its blendshapes (src/core/au), or null with no face */
  actionUnits: MeasuredActionUnits | null;
  landmarksMs: number;
  alignmentMs: number;
}

export class FaceStage {
  private canvas: OffscreenCanvas | null = null;
  private context: OffscreenCanvasRenderingContext2D | null = null;

  private readonly policy = new FaceSearchPolicy();

  /** `single` searches for one face (fast while tracking), `multi` for several (see FaceSearchPolicy). */
  constructor(
    private readonly single: FaceLandmarkerHandle,
    private readonly multi: FaceLandmarkerHandle,
  ) {}

  run(bitmap: ImageBitmap, timestampMs: number, alignOptions: AlignOptions): FaceStageResult {
    const widthPx = bitmap.width;
    const heightPx = bitmap.height;
    const t0 = performance.now();
    const useMulti = this.policy.useMulti();
    const faces = (useMulti ? this.multi : this.single).detect(bitmap, timestampMs);
    if (useMulti) this.policy.observeMulti(faces.length);
    else if (faces.length === 0) this.policy.observeSingleMiss();
    const t1 = performance.now();
    if (faces.length === 0) {
      return { status: 'no-face', faceCount: 0, face: null, box: null, crop: null, actionUnits: null, landmarksMs: t1 - t0, alignmentMs: 0 };
    }
    const index = largestFaceIndex(faces.map((f) => f.landmarks), widthPx, heightPx);
    const face = faces[index];
    const pixels = this.readPixels(bitmap);
    const { crop } = alignFace({ data: pixels, widthPx, heightPx }, face.landmarks, alignOptions);
    const t2 = performance.now();
    return {
      status: faces.length > 1 ? 'multiple-faces' : 'ok',
      faceCount: faces.length,
      face,
      box: boundingBox(face.landmarks, widthPx, heightPx),
      crop,
      actionUnits: blendshapesToActionUnits(face.blendshapes),
      landmarksMs: t1 - t0,
      alignmentMs: t2 - t1,
    };
  }

  private readPixels(bitmap: ImageBitmap): Uint8ClampedArray {
    if (!this.canvas || this.canvas.width !== bitmap.width || this.canvas.height !== bitmap.height) {
      this.canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      this.context = this.canvas.getContext('2d', { willReadFrequently: true });
    }
    if (!this.context) throw new Error('2D canvas unavailable in the worker');
    this.context.drawImage(bitmap, 0, 0);
    return this.context.getImageData(0, 0, bitmap.width, bitmap.height).data;
  }
}

/** A [-1, 1] HWC crop as RGBA bytes for display. */
export function cropToRgba(crop: Float32Array, cropSizePx: number): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(cropSizePx * cropSizePx * 4);
  for (let i = 0, j = 0; i < crop.length; i += 3, j += 4) {
    rgba[j] = (crop[i] + 1) * 127.5;
    rgba[j + 1] = (crop[i + 1] + 1) * 127.5;
    rgba[j + 2] = (crop[i + 2] + 1) * 127.5;
    rgba[j + 3] = 255;
  }
  return rgba;
}
