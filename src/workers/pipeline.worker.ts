/**
 * The pipeline worker: MediaPipe landmarks, alignment, audio DSP and the TensorFlow.js model all run
 * here so that the page's main thread only draws. Messages are typed in ./protocol.
 */
import { AudioFeatureStream } from '../core/audio-stream';
import { AffectscopeError, isAffectscopeError } from '../core/errors';
import { createFaceLandmarker } from '../io/landmarker';
import { downgradeInformationalStderr, installOffOriginFetchGuard } from '../io/network-guard';
import type { PcmChunkMessage } from './audio-protocol';
import { cropToRgba, FaceStage } from './face-stage';
import { ModelStage } from './model-stage';
import type { BackendChoice, FromWorker, PipelineInitOptions, ToWorker } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
installOffOriginFetchGuard(scope);
downgradeInformationalStderr();

let faceStage: FaceStage | null = null;
let modelStage: ModelStage | null = null;
let audio: AudioFeatureStream | null = null;
let pendingSpectrogramMs = 0;
let lastAudioAtMs = -Infinity;
let initOptions: PipelineInitOptions | null = null;
let busy: Promise<void> = Promise.resolve();

function post(message: FromWorker, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

function postError(error: unknown, fatal: boolean): void {
  if (isAffectscopeError(error)) post({ type: 'error', code: error.code, message: error.message, fatal });
  else post({ type: 'error', code: 'internal', message: error instanceof Error ? error.message : String(error), fatal });
}

async function loadModel(manifestUrl: string, backend: BackendChoice): Promise<void> {
  const started = performance.now();
  modelStage?.dispose();
  modelStage = null;
  const stage = await ModelStage.create(manifestUrl, backend, initOptions!.tfjsWasmPrefix);
  modelStage = stage;
  audio = new AudioFeatureStream({ spectrogram: stage.spectrogramOptions, contextFrames: stage.contextFrames });
  post({ type: 'ready', backend: stage.backend, skipped: stage.skipped, model: stage.summary, initMs: performance.now() - started });
}

async function init(options: PipelineInitOptions): Promise<void> {
  initOptions = options;
  const landmarker = await createFaceLandmarker({
    wasmBaseUrl: options.mediapipeWasmBaseUrl,
    modelUrl: options.landmarkerUrl,
    modelSha256Url: options.landmarkerSha256Url,
    maxFaces: 4,
  });
  await loadModel(options.manifestUrl, options.backend);
  faceStage = new FaceStage(landmarker, modelStage!.alignOptions);
}

function onPcm(message: PcmChunkMessage): void {
  if (!audio) return;
  const t0 = performance.now();
  audio.push(message.samples, message.sampleRateHz);
  pendingSpectrogramMs += performance.now() - t0;
  lastAudioAtMs = t0;
}

async function processFrame(bitmap: ImageBitmap, timestampMs: number): Promise<void> {
  if (!faceStage || !modelStage || !audio) {
    bitmap.close();
    post({ type: 'frame-skipped', timestampMs });
    return;
  }
  const t0 = performance.now();
  const face = faceStage.run(bitmap, timestampMs);
  const frameWidthPx = bitmap.width;
  const frameHeightPx = bitmap.height;
  bitmap.close();
  let prediction = null;
  let modelMs = 0;
  if (face.crop) {
    const t1 = performance.now();
    prediction = await modelStage.step(face.crop, audio.window(), timestampMs);
    modelMs = performance.now() - t1;
  } else {
    // Face lost: the recurrent state must not carry over to whoever appears next.
    modelStage.reset();
  }
  const spectrogramMs = pendingSpectrogramMs;
  pendingSpectrogramMs = 0;
  const landmarks = face.face ? Float32Array.from(face.face.landmarks.flatMap((p) => [p.x, p.y])) : null;
  const cropRgba = face.crop ? cropToRgba(face.crop, modelStage.alignOptions.cropSizePx) : null;
  const latest = audio.latestFrame ? audio.latestFrame.slice() : null;
  const transfer: Transferable[] = [];
  if (landmarks) transfer.push(landmarks.buffer);
  if (cropRgba) transfer.push(cropRgba.buffer);
  if (latest) transfer.push(latest.buffer);
  post(
    {
      type: 'result',
      timestampMs,
      frameWidthPx,
      frameHeightPx,
      status: face.status,
      faceCount: face.faceCount,
      box: face.box,
      landmarks,
      cropRgba,
      cropSizePx: modelStage.alignOptions.cropSizePx,
      prediction,
      stageMs: {
        landmarksMs: face.landmarksMs,
        alignmentMs: face.alignmentMs,
        spectrogramMs,
        modelMs,
        totalMs: performance.now() - t0 + spectrogramMs,
      },
      audioFramesTotal: audio.framesTotal,
      latestSpectrogramFrame: latest,
      audioActive: performance.now() - lastAudioAtMs < 500,
    },
    transfer,
  );
}

/** Runs tasks one after another; a failure is reported, never swallowed. */
function enqueue(task: () => Promise<void> | void, fatal: boolean): void {
  busy = busy.then(task).catch((error) => postError(error, fatal));
}

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'init':
      enqueue(() => init(message.options), true);
      break;
    case 'audio-port':
      message.port.onmessage = (e: MessageEvent<PcmChunkMessage>) => onPcm(e.data);
      break;
    case 'frame':
      enqueue(() => processFrame(message.bitmap, message.timestampMs), false);
      break;
    case 'set-backend':
      enqueue(() => {
        if (!modelStage) throw new AffectscopeError('internal', 'the model is not loaded yet');
        return loadModel(modelStage.manifestUrl, message.backend);
      }, false);
      break;
    case 'set-model':
      enqueue(() => loadModel(message.manifestUrl, modelStage?.backendChoice ?? 'auto'), false);
      break;
    case 'reset':
      modelStage?.reset();
      audio?.reset();
      break;
  }
};
