/**
 * The face worker: MediaPipe Face Landmarker and the 5-point alignment (paper §3) for each frame the
 * page sends. Results go to the page (for drawing) and the crop goes straight to the model worker,
 * so landmarks for frame n+1 run while the network runs on frame n.
 */
import { DEFAULT_ALIGN_OPTIONS, type AlignOptions } from '../core/geometry';
import { createFaceLandmarkers } from '../io/landmarker';
import { downgradeInformationalStderr, installOffOriginFetchGuard } from '../io/network-guard';
import { cropToRgba, FaceStage } from './face-stage';
import type { CropMessage, FaceResult, FaceWorkerInit, FromFaceWorker, ToFaceWorker } from './protocol';
import { SerialQueue } from './worker-utils';

const scope = self as unknown as DedicatedWorkerGlobalScope;
installOffOriginFetchGuard(scope);
downgradeInformationalStderr();

let stage: FaceStage | null = null;
let alignOptions: AlignOptions = { ...DEFAULT_ALIGN_OPTIONS };
let modelPort: MessagePort | null = null;
const post = (message: FromFaceWorker, transfer: Transferable[] = []) => scope.postMessage(message, transfer);
const queue = new SerialQueue(post);

async function init(options: FaceWorkerInit): Promise<void> {
  const started = performance.now();
  const [single, multi] = await createFaceLandmarkers(
    { wasmBaseUrl: options.mediapipeWasmBaseUrl, modelUrl: options.landmarkerUrl, modelSha256Url: options.landmarkerSha256Url },
    [1, 4],
  );
  stage = new FaceStage(single, multi);
  post({ type: 'face-ready', initMs: performance.now() - started });
}

function processFrame(bitmap: ImageBitmap, timestampMs: number): void {
  if (!stage) {
    bitmap.close();
    throw new Error('a frame arrived before the face landmarker was ready');
  }
  const face = stage.run(bitmap, timestampMs, alignOptions);
  const result: FaceResult = {
    type: 'face',
    timestampMs,
    frameWidthPx: bitmap.width,
    frameHeightPx: bitmap.height,
    status: face.status,
    faceCount: face.faceCount,
    box: face.box,
    landmarks: face.face ? Float32Array.from(face.face.landmarks.flatMap((p) => [p.x, p.y])) : null,
    cropRgba: face.crop ? cropToRgba(face.crop, alignOptions.cropSizePx) : null,
    cropSizePx: alignOptions.cropSizePx,
    measuredActionUnits: face.actionUnits?.activations ?? null,
    landmarksMs: face.landmarksMs,
    alignmentMs: face.alignmentMs,
  };
  bitmap.close();
  const crop: CropMessage = { type: 'crop', timestampMs, crop: face.crop };
  modelPort?.postMessage(crop, face.crop ? [face.crop.buffer] : []);
  const transfer: Transferable[] = [];
  if (result.landmarks) transfer.push(result.landmarks.buffer);
  if (result.cropRgba) transfer.push(result.cropRgba.buffer);
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
    case 'frame':
      queue.run(() => processFrame(message.bitmap, message.timestampMs), false);
      break;
  }
};
