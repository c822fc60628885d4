/**
 * MediaPipe Face Landmarker (tasks-vision 1.1.0) in VIDEO mode with blendshapes, loaded entirely
 * from this app's origin, its model checked against the sha256 that setup recorded.
 */
import { FaceLandmarker, FilesetResolver } from '@mediapipe/tasks-vision';
import { AffectscopeError } from '../core/errors';
import type { NormalizedPoint } from '../core/geometry';
import { webSha256Hex } from '../core/web-sha256';
import type { FrameImage } from './frame-image';

export interface LandmarkerOptions {
  wasmBaseUrl: string;
  modelUrl: string;
  modelSha256Url: string;
  /**
   * 'VIDEO' (default, the live page): tracks across frames, timestamps must increase. 'IMAGE': every
   * call detects afresh (unrelated still images, e.g. training data); timestampMs is then ignored.
   */
  runningMode?: 'VIDEO' | 'IMAGE';
}

export interface DetectedFace {
  /** 478 landmarks, x and y in [0, 1] of the frame width and height */
  landmarks: NormalizedPoint[];
  /** 52 blendshape scores ∈ [0, 1] keyed by MediaPipe category name */
  blendshapes: Record<string, number>;
}

export interface FaceLandmarkerHandle {
  detect(image: FrameImage | OffscreenCanvas, timestampMs: number): DetectedFace[];
  close(): void;
}

const HOW_TO_GET = 'Run `npm run setup` (it copies it from $AFFECTSCOPE_MODEL_MIRROR or ../shared/models, or downloads it from the official MediaPipe URL).';

async function fetchBytes(url: string, what: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (cause) {
    throw new AffectscopeError('landmarker-missing', `Could not load ${what} (${url}). ${HOW_TO_GET}`, { cause });
  }
  if (!response.ok) {
    throw new AffectscopeError('landmarker-missing', `${what} is missing (${url}: HTTP ${response.status}). ${HOW_TO_GET}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * One landmarker per entry of `maxFacesList`, sharing one verified download of the model. Searching
 * for one face lets MediaPipe skip the detector while it tracks (≈24 vs ≈34 ms a frame measured here),
 * so the app pairs a one-face tracker with a several-face landmarker it runs less often.
 */
export async function createFaceLandmarkers(options: LandmarkerOptions, maxFacesList: number[]): Promise<FaceLandmarkerHandle[]> {
  const [modelBytes, expectedText] = await Promise.all([
    fetchBytes(options.modelUrl, 'face_landmarker.task'),
    fetchBytes(options.modelSha256Url, 'face_landmarker.task.sha256').then((b) => new TextDecoder().decode(b)),
  ]);
  const expected = expectedText.trim().split(/\s+/)[0].toLowerCase();
  const actual = await webSha256Hex(modelBytes, 'landmarker-integrity', 'face_landmarker.task');
  if (actual !== expected) {
    throw new AffectscopeError(
      'landmarker-integrity',
      `face_landmarker.task is corrupt: sha256 ${actual.slice(0, 12)}…, expected ${expected.slice(0, 12)}…. ${HOW_TO_GET}`,
    );
  }
  // useModule = true: this runs in a module worker, where importScripts is unavailable.
  const fileset = await FilesetResolver.forVisionTasks(options.wasmBaseUrl, true);
  const handles: FaceLandmarkerHandle[] = [];
  for (const [i, maxFaces] of maxFacesList.entries()) {
    // In a module worker the loader is import()ed, and a second import() of the same URL returns the
    // cached module without re-running it, leaving no ModuleFactory: give each instance its own URL.
    const instanceFileset = i === 0 ? fileset : { ...fileset, wasmLoaderPath: `${fileset.wasmLoaderPath}?instance=${i}` };
    const landmarker = await FaceLandmarker.createFromOptions(instanceFileset, {
      // MediaPipe keeps the buffer; each instance gets its own copy.
      baseOptions: { modelAssetBuffer: modelBytes.slice(), delegate: 'CPU' },
      runningMode: options.runningMode ?? 'VIDEO',
      numFaces: maxFaces,
      outputFaceBlendshapes: true,
    });
    handles.push(wrap(landmarker, options.runningMode ?? 'VIDEO'));
  }
  return handles;
}

function wrap(landmarker: FaceLandmarker, runningMode: 'VIDEO' | 'IMAGE'): FaceLandmarkerHandle {
  let lastTimestampMs = -1;
  const run = (image: FrameImage | OffscreenCanvas, timestampMs: number) => {
    if (runningMode === 'IMAGE') return landmarker.detect(image);
    // VIDEO mode requires strictly increasing timestamps.
    const ts = Math.max(Math.round(timestampMs), lastTimestampMs + 1);
    lastTimestampMs = ts;
    return landmarker.detectForVideo(image, ts);
  };
  return {
    detect(image, timestampMs) {
      const result = run(image, timestampMs);
      return result.faceLandmarks.map((points, i) => ({
        landmarks: points.map((p) => ({ x: p.x, y: p.y, z: p.z })),
        blendshapes: Object.fromEntries(
          (result.faceBlendshapes[i]?.categories ?? []).map((c) => [c.categoryName, c.score]),
        ),
      }));
    },
    close() {
      landmarker.close();
    },
  };
}
