/**
 * The model worker: audio DSP (PCM from the AudioWorklet → spectrogram context) and the
 * TensorFlow.js A/V-MT-VGG-RNN, one streaming step per crop the face worker sends.
 */
import { AudioFeatureStream } from '../core/audio-stream';
import { FileAudio } from './file-audio';
import { AffectscopeError, isAffectscopeError, type ErrorCode } from '../core/errors';
import type { PcmChunkMessage } from './audio-protocol';
import { ModelStage } from './model-stage';
import type { BackendChoice, CropMessage, FromModelWorker, ToModelWorker } from './protocol';
import { SerialQueue } from './worker-utils';

const scope = self as unknown as DedicatedWorkerGlobalScope;

let stage: ModelStage | null = null;
let audio: AudioFeatureStream | null = null;
let tfjsWasmPrefix = '/vendor/tfjs-wasm/';
let pendingSpectrogramMs = 0;
let lastAudioAtMs = -Infinity;
/** newest crop not yet run; older ones are dropped so a slow backend never builds a queue */
let latestCrop: CropMessage | null = null;
let stepping = false;
/** set by 'file-clip': a video file is analysed, every crop in order, with audio from its soundtrack */
let fileMode = false;
let fileAudio: FileAudio | null = null;
const fileCrops: CropMessage[] = [];
const post = (message: FromModelWorker, transfer: Transferable[] = []) => scope.postMessage(message, transfer);
const queue = new SerialQueue(post);

async function loadModel(manifestUrl: string, backend: BackendChoice): Promise<void> {
  const started = performance.now();
  stage?.dispose();
  stage = null;
  let next: ModelStage;
  let fallback: { requested: BackendChoice; code: ErrorCode; message: string } | null = null;
  try {
    next = await ModelStage.create(manifestUrl, backend, tfjsWasmPrefix);
  } catch (error) {
    // A backend the user named that cannot start here (e.g. no WebGPU): say so, and keep analysing
    // with the automatic choice rather than leaving the page dead.
    if (backend === 'auto' || !isAffectscopeError(error) || !['webgpu-missing', 'backend-unavailable'].includes(error.code)) throw error;
    fallback = { requested: backend, code: error.code, message: error.message };
    next = await ModelStage.create(manifestUrl, 'auto', tfjsWasmPrefix);
  }
  stage = next;
  audio = new AudioFeatureStream({ spectrogram: next.spectrogramOptions, contextFrames: next.contextFrames });
  post({
    type: 'ready', backend: next.backend, skipped: next.skipped, model: next.summary, alignOptions: next.alignOptions,
    initMs: performance.now() - started, fallback,
  });
}

function onPcm(message: PcmChunkMessage): void {
  if (!audio) return;
  const t0 = performance.now();
  audio.push(message.samples, message.sampleRateHz);
  pendingSpectrogramMs += performance.now() - t0;
  lastAudioAtMs = t0;
}

/** crops of frames captured before this were sent before a reset (e.g. the camera stopped): never run them */
let droppedBeforeMs = -Infinity;

function onCrop(message: CropMessage): void {
  if (fileMode) {
    fileCrops.push(message);
    // Queued behind the soundtrack's preparation; a drain finding nothing left does nothing.
    queue.run(drainFileCrops, false);
    return;
  }
  if (message.timestampMs < droppedBeforeMs) return;
  latestCrop = message;
  if (!stepping) queue.run(drainCrops, false);
}

async function drainCrops(): Promise<void> {
  stepping = true;
  try {
    // Let every message already queued arrive first (a slow step lets crops pile up behind it), so the
    // step below runs on the newest crop instead of working through a backlog in order.
    await new Promise((resolve) => setTimeout(resolve, 0));
    while (latestCrop) {
      const { crop, timestampMs } = latestCrop;
      latestCrop = null;
      await stepOnce(crop, timestampMs);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  } finally {
    stepping = false;
  }
}

/** A file's frames: each one, in the order they came (the page bounds how many are in flight). */
async function drainFileCrops(): Promise<void> {
  for (let next = fileCrops.shift(); next; next = fileCrops.shift()) await stepOnce(next.crop, next.timestampMs);
}

async function stepOnce(crop: Float32Array | null, timestampMs: number): Promise<void> {
  if (!stage || !audio) return;
  let prediction = null;
  let modelMs = 0;
  if (fileAudio) {
    const t0 = performance.now();
    fileAudio.seekTo(timestampMs);
    pendingSpectrogramMs += performance.now() - t0;
  }
  const sound = fileAudio ?? audio;
  if (crop) {
    const t0 = performance.now();
    prediction = await stage.step(crop, sound.window(), timestampMs);
    modelMs = performance.now() - t0;
  } else {
    // Face lost: the recurrent state must not carry over to whoever appears next.
    stage.reset();
  }
  const latest = sound.latestFrame ? sound.latestFrame.slice() : null;
  post(
    {
      type: 'prediction', timestampMs, prediction, modelMs, spectrogramMs: pendingSpectrogramMs,
      audioFramesTotal: sound.framesTotal, latestSpectrogramFrame: latest,
      audioActive: fileAudio ? fileAudio.hasSound : performance.now() - lastAudioAtMs < 500,
      numTensors: stage.numTensors,
    },
    latest ? [latest.buffer] : [],
  );
  pendingSpectrogramMs = 0;
}

scope.onmessage = (event: MessageEvent<ToModelWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'init':
      tfjsWasmPrefix = message.options.tfjsWasmPrefix;
      queue.run(() => loadModel(message.options.manifestUrl, message.options.backend), true);
      break;
    case 'audio-port':
      message.port.onmessage = (e: MessageEvent<PcmChunkMessage>) => onPcm(e.data);
      break;
    case 'face-port':
      message.port.onmessage = (e: MessageEvent<CropMessage>) => onCrop(e.data);
      break;
    case 'set-backend':
      queue.run(() => {
        if (!stage) throw new AffectscopeError('internal', 'the model is not loaded yet');
        return loadModel(stage.manifestUrl, message.backend);
      }, false);
      break;
    case 'set-model':
      queue.run(() => loadModel(message.manifestUrl, stage?.backendChoice ?? 'auto'), false);
      break;
    case 'file-clip':
      fileMode = true;
      queue.run(() => {
        if (!stage) throw new AffectscopeError('internal', 'the model is not loaded yet');
        const t0 = performance.now();
        fileAudio = new FileAudio(message.samples, message.sampleRateHz, stage.spectrogramOptions, stage.contextFrames);
        pendingSpectrogramMs += performance.now() - t0;
      }, true);
      break;
    case 'reset':
      droppedBeforeMs = message.beforeTimestampMs;
      fileCrops.length = 0;
      latestCrop = null;
      stage?.reset();
      audio?.reset();
      break;
  }
};
