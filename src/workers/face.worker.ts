/**
 * The face worker: MediaPipe Face Landmarker and the 5-point alignment (paper §3) for each frame the
 * page sends. Results go to the page (for drawing) and the crop goes straight to the model worker,
 * so landmarks for frame n+1 run while the network runs on frame n.
 */
import { DEFAULT_ALIGN_OPTIONS, type AlignOptions } from '../core/geometry';
import { receivedFrame, releaseFrame, type FrameImage } from '../io/frame-image';
import { createFaceLandmarkers } from '../io/landmarker';
import { downgradeInformationalStderr, installOffOriginFetchGuard } from '../io/network-guard';
import { cropToRgba, FaceStage } from './face-stage';
import type { CropMessage, FaceResult, FaceWorkerInit, FromFaceWorker, ToFaceWorker, TrackedFace } from './protocol';
import { SerialQueue } from './worker-utils';

const scope = self as unknown as DedicatedWorkerGlobalScope;
installOffOriginFetchGuard(scope);
downgradeInformationalStderr();

let stage: FaceStage | null = null;
let alignOptions: AlignOptions = { ...DEFAULT_ALIGN_OPTIONS };
let modelPort: MessagePort | null = null;
let maxTracks = 1;
const post = (message: FromFaceWorker, transfer: Transferable[] = []) => scope.postMessage(message, transfer);
const queue = new SerialQueue(post);

async function init(options: FaceWorkerInit): Promise<void> {
  const started = performance.now();
  const [single, multi] = await createFaceLandmarkers(
    { wasmBaseUrl: options.mediapipeWasmBaseUrl, modelUrl: options.landmarkerUrl, modelSha256Url: options.landmarkerSha256Url },
    [1, 4],
  );
  stage = new FaceStage(single, multi);
  stage.setMaxTracks(maxTracks);
  post({ type: 'face-ready', initMs: performance.now() - started });
}

function processFrame(image: FrameImage, timestampMs: number): void {
  if (!stage) {
    releaseFrame(image);
    throw new Error('a frame arrived before the face landmarker was ready');
  }
  const found = stage.run(image, timestampMs, alignOptions);
  const faces: TrackedFace[] = found.faces.map((f) => ({
    trackId: f.trackId,
    box: f.box,
    cropRgba: cropToRgba(f.crop, alignOptions.cropSizePx),
    measuredActionUnits: f.actionUnits.activations,
    landmarks: Float32Array.from(f.face.landmarks.flatMap((p) => [p.x, p.y])),
  }));
  const primary = faces[0] ?? null;
  const result: FaceResult = {
    type: 'face',
    timestampMs,
    frameWidthPx: image.width,
    frameHeightPx: image.height,
    status: found.status,
    faceCount: found.faceCount,
    faces,
    trackId: primary?.trackId ?? null,
    liveTrackIds: found.liveTrackIds,
    box: primary?.box ?? null,
    landmarks: primary?.landmarks ?? null,
    // The primary face's arrays are shared with faces[0]: structured clone sends each once.
    cropRgba: primary?.cropRgba ?? null,
    cropSizePx: alignOptions.cropSizePx,
    measuredActionUnits: primary?.measuredActionUnits ?? null,
    landmarksMs: found.landmarksMs,
    alignmentMs: found.alignmentMs,
  };
  releaseFrame(image);
  const crop: CropMessage = {
    type: 'crop', timestampMs, faces: found.faces.map((f) => ({ trackId: f.trackId, trackRun: f.trackRun, crop: f.crop })), liveTrackIds: found.liveTrackIds,
  };
  modelPort?.postMessage(crop, found.faces.map((f) => f.crop.buffer));
  // the primary face's crop and landmarks are faces[0]'s: each buffer is listed once
  const transfer: Transferable[] = faces.flatMap((f) => [f.cropRgba.buffer, f.landmarks.buffer]);
  post(result, transfer);
}

scope.onmessage = (event: MessageEvent<ToFaceWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'init':
      queue.run(() => init(message.options), true);
      break;
    case 'model-port':
      modelPort = message.port;
      break;
    case 'set-align':
      alignOptions = message.alignOptions;
      break;
    case 'set-max-tracks':
      maxTracks = message.maxTracks;
      stage?.setMaxTracks(maxTracks);
      break;
    case 'frame':
      queue.run(() => processFrame(receivedFrame(message.frame), message.timestampMs), false);
      break;
  }
};
