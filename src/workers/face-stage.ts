/** Landmarks → tracked faces → aligned crops and measured AUs: the visual half of one frame, timed per stage. */
import { blendshapesToActionUnits, type MeasuredActionUnits } from '../core/au';
import { FaceSearchPolicy } from '../core/face-search';
import {
  boundingBox,
  cropSourceWindow,
  faceAlignmentTransform,
  validateAlignOptions,
  warpToCrop,
  type AlignOptions,
  type PixelBox,
  type RgbaWindow,
} from '../core/geometry';
import { FaceTracker } from '../core/tracking';
import { isImageData, type FrameImage } from '../io/frame-image';
import type { DetectedFace, FaceLandmarkerHandle } from '../io/landmarker';
import type { FrameStatus } from './protocol';

/** One tracked face of a frame. */
export interface StageFace {
  trackId: number;
  /** its track's current run (FaceTracker: new at each start or rejoin) */
  trackRun: number;
  face: DetectedFace;
  box: PixelBox;
  /** HWC, cropSize² × channels, ∈ [-1, 1] */
  crop: Float32Array;
  /** its AUs measured from its blendshapes (src/core/au) */
  actionUnits: MeasuredActionUnits;
}

export interface FaceStageResult {
  status: FrameStatus;
  /** faces found, tracked or not */
  faceCount: number;
  /** the tracked faces, largest first (faces[0]: the primary face); [] with no face */
  faces: StageFace[];
  /** every track alive after this frame, seen or remembered */
  liveTrackIds: number[];
  landmarksMs: number;
  /** tracking + alignment of every tracked face */
  alignmentMs: number;
}

export class FaceStage {
  private canvas: OffscreenCanvas | null = null;
  private context: OffscreenCanvasRenderingContext2D | null = null;

  private readonly policy = new FaceSearchPolicy();
  private readonly tracker = new FaceTracker({ maxTracks: 1 });

  /** `single` searches for one face (fast while tracking), `multi` for several (see FaceSearchPolicy). */
  constructor(
    private readonly single: FaceLandmarkerHandle,
    private readonly multi: FaceLandmarkerHandle,
  ) {}

  /** Most faces given a track (1–8); every current track ends. */
  setMaxTracks(maxTracks: number): void {
    this.tracker.setMaxTracks(maxTracks);
  }

  /** `image`: ImageData is read directly; a bitmap is drawn, one window per face. */
  run(image: FrameImage, timestampMs: number, alignOptions: AlignOptions): FaceStageResult {
    const widthPx = image.width;
    const heightPx = image.height;
    const t0 = performance.now();
    const useMulti = this.policy.useMulti();
    const found = (useMulti ? this.multi : this.single).detect(image, timestampMs);
    if (useMulti) this.policy.observeMulti(found.length);
    else if (found.length === 0) this.policy.observeSingleMiss();
    const t1 = performance.now();
    const boxes = found.map((f) => boundingBox(f.landmarks, widthPx, heightPx));
    const { trackIds, trackRuns, liveTrackIds } = this.tracker.update(boxes, timestampMs);
    const tracked = found.map((_, i) => i).filter((i) => trackIds[i] !== null);
    tracked.sort((a, b) => boxes[b].widthPx * boxes[b].heightPx - boxes[a].widthPx * boxes[a].heightPx);
    const options = validateAlignOptions(alignOptions);
    const faces = tracked.map((i): StageFace => {
      const transform = faceAlignmentTransform(found[i].landmarks, widthPx, heightPx, options);
      const source = isImageData(image)
        ? { data: image.data, widthPx, heightPx }
        : this.readWindow(image, cropSourceWindow(transform, options.cropSizePx, widthPx, heightPx));
      return {
        trackId: trackIds[i]!,
        trackRun: trackRuns[i]!,
        face: found[i],
        box: boxes[i],
        crop: warpToCrop(source, transform, options),
        actionUnits: blendshapesToActionUnits(found[i].blendshapes),
      };
    });
    const t2 = performance.now();
    const status: FrameStatus = found.length === 0 ? 'no-face' : found.length > 1 ? 'multiple-faces' : 'ok';
    return { status, faceCount: found.length, faces, liveTrackIds, landmarksMs: t1 - t0, alignmentMs: t2 - t1 };
  }

  /**
   * The RGBA pixels of one window of a frame that is not in memory (a bitmap; sources send ImageData
   * where they can). Only the window is drawn and read back: the live page's alignment stage, which drew and read the
   * whole 640×480 frame, took 7.3 ms median, 1.6 ms with the window (`bench/live.mjs`, wasm, Chromium 156).
   */
  private readWindow(bitmap: ImageBitmap, box: PixelBox): RgbaWindow {
    if (!this.canvas || this.canvas.width < box.widthPx || this.canvas.height < box.heightPx) {
      this.canvas = new OffscreenCanvas(Math.max(box.widthPx, this.canvas?.width ?? 0), Math.max(box.heightPx, this.canvas?.height ?? 0));
      this.context = this.canvas.getContext('2d', { willReadFrequently: true });
      if (this.context) this.context.imageSmoothingEnabled = false; // a 1:1 copy, never resampled
    }
    if (!this.context) throw new Error('2D canvas unavailable in the worker');
    const { xPx, yPx, widthPx, heightPx } = box;
    this.context.drawImage(bitmap, xPx, yPx, widthPx, heightPx, 0, 0, widthPx, heightPx);
    const data = this.context.getImageData(0, 0, widthPx, heightPx).data;
    return { data, widthPx, heightPx, xPx, yPx, frameWidthPx: bitmap.width, frameHeightPx: bitmap.height };
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
