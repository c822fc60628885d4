/**
 * The model worker: audio DSP (PCM from the AudioWorklet → spectrogram context) and the TensorFlow.js
 * A/V-MT-VGG-RNN, one streaming step per crop the face worker sends. This file only wires the worker's
 * messages to ModelWorkerCore, which holds the state.
 */
import { ModelStage } from './model-stage';
import { ModelWorkerCore } from './model-worker-core';
import type { FromModelWorker, ToModelWorker } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

const core = new ModelWorkerCore({
  createStage: (manifestUrl, backend, wasmPathPrefix) => ModelStage.create(manifestUrl, backend, wasmPathPrefix),
  post: (message: FromModelWorker, transfer: Transferable[] = []) => scope.postMessage(message, transfer),
  nowMs: () => performance.now(),
});

scope.onmessage = (event: MessageEvent<ToModelWorker>) => core.handle(event.data);
