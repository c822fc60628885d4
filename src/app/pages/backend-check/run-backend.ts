/** Runs the streaming model on one tfjs backend and records outputs, timing and tensor counts. */
import { errorMessage, isAffectscopeError } from '../../../core/errors';
import * as tf from '@tensorflow/tfjs-core';
import type { AffectPrediction } from '../../../core/labels';
import { predictionValues } from '../../../core/prediction-values';
import { TFJS_WASM_PREFIX } from '../../../io/assets';
import type { AvStreamingModel, BackendName, LoadedModelWeights } from '../../../model';
import { createStreamingModel } from '../../../model';
import type { BackendCheck, BatchCheck, StepOutputs } from './report';
import type { SyntheticSequence } from './synthetic-input';

/**
 * Makes `name` the tf backend (software adapters allowed: this page checks correctness, not speed), then
 * runs every frame of `input` through a fresh AvStreamingModel with stepAsync. The first step is a warm-up;
 * numTensors is compared around each later one. maxAbsDiffVsCpu is filled in by the caller. With `faces` ≥ 2 it also
 * times several faces a frame stepped one stream after another and as one batch (compareBatch).
 */
export async function runBackend(name: BackendName, loaded: LoadedModelWeights, input: SyntheticSequence, faces = 1): Promise<BackendCheck> {
  // The engine's count, the one tf.memory() reports, read without tf.memory(): that would start a backend
  // (and before the first check none is registered). Making a backend current creates no tensor.
  const tensorsBeforeModel = tf.engine().state.numTensors;
  let model: AvStreamingModel | null = null;
  try {
    try {
      ({ model } = await createStreamingModel({ loaded, backends: [name], allowSoftwareAdapter: true, wasmPathPrefix: TFJS_WASM_PREFIX }));
    } catch (error) {
      // A backend that cannot start here is reported, not failed; a model that cannot be built on it is an error.
      if (isAffectscopeError(error) && (error.code === 'backend-unavailable' || error.code === 'webgpu-missing')) {
        return { name, status: 'unavailable', reason: errorMessage(error) };
      }
      throw error;
    }
    const stepMs: number[] = [];
    const outputs: StepOutputs[] = [];
    const tensorLeakPerStep: number[] = [];
    for (let t = 0; t < input.faces.length; t++) {
      const tensorsBefore = tf.memory().numTensors;
      const started = performance.now();
      const prediction = await model.stepAsync(input.faces[t], input.audios?.[t] ?? null, input.timestampsMs[t]);
      stepMs.push(performance.now() - started);
      if (t > 0) tensorLeakPerStep.push(tf.memory().numTensors - tensorsBefore);
      outputs.push(predictionValues(prediction));
    }
    const batch = faces >= 2 ? await compareBatch(model, input, faces) : undefined;
    model.dispose();
    model = null;
    const timed = stepMs.slice(1);
    return {
      ...(batch ? { batch } : {}),
      name,
      status: 'ran',
      stepMs,
      meanStepMs: timed.reduce((sum, ms) => sum + ms, 0) / Math.max(1, timed.length),
      outputs,
      maxAbsDiffVsCpu: null,
      tensorLeakPerStep,
      tensorsLeftAfterDispose: tf.memory().numTensors - tensorsBeforeModel,
    };
  } catch (error) {
    return { name, status: 'error', reason: errorMessage(error) };
  } finally {
    // Weights must not outlive the backend they were created on; the next check switches backends.
    model?.dispose();
  }
}

/**
 * Each frame of `input` with `faces` faces (face k at frame t is input.faces[(t + k) mod frames], all hearing frame t's
 * audio), stepped on `faces` streams one after another and, on `faces` other streams, as one stepFacesAsync batch; the
 * way that goes first alternates from frame to frame, so a machine getting busier favours neither.
 */
async function compareBatch(model: AvStreamingModel, input: SyntheticSequence, faces: number): Promise<BatchCheck> {
  const frames = input.faces.length;
  const one = Array.from({ length: faces }, () => model.createStream());
  const together = Array.from({ length: faces }, () => model.createStream());
  const sequentialMs: number[] = [];
  const batchedMs: number[] = [];
  let maxAbsDiff = 0;
  try {
    for (let t = 0; t < frames; t++) {
      const crops = Array.from({ length: faces }, (_, k) => input.faces[(t + k) % frames]);
      const audio = input.audios?.[t] ?? null;
      const timestampMs = input.timestampsMs[t];
      const sequential = async () => {
        const started = performance.now();
        const out: AffectPrediction[] = [];
        for (let k = 0; k < faces; k++) out.push(await one[k].stepAsync(crops[k], audio, timestampMs));
        sequentialMs.push(performance.now() - started);
        return out;
      };
      const batched = async () => {
        const started = performance.now();
        const out = await model.stepFacesAsync(crops.map((face, k) => ({ stream: together[k], face })), audio, timestampMs);
        batchedMs.push(performance.now() - started);
        return out;
      };
      let seq: AffectPrediction[];
      let bat: AffectPrediction[];
      if (t % 2 === 0) {
        seq = await sequential();
        bat = await batched();
      } else {
        bat = await batched();
        seq = await sequential();
      }
      seq.forEach((p, k) => {
        const x = predictionValues(p);
        const y = predictionValues(bat[k]);
        for (let i = 0; i < x.length; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(x[i] - y[i]));
      });
    }
  } finally {
    for (const stream of [...one, ...together]) stream.dispose();
  }
  return { faces, sequentialMs, batchedMs, maxAbsDiff };
}
