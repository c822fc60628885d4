/** Runs the streaming model on one tfjs backend and records outputs, timing and tensor counts. */
import { errorMessage, isAffectscopeError } from '../../../core/errors';
import * as tf from '@tensorflow/tfjs-core';
import { predictionValues } from '../../../core/prediction-values';
import { TFJS_WASM_PREFIX } from '../../../io/assets';
import type { AvStreamingModel, BackendName, LoadedModelWeights } from '../../../model';
import { createStreamingModel } from '../../../model';
import type { BackendCheck, StepOutputs } from './report';
import type { SyntheticSequence } from './synthetic-input';

/**
 * Makes `name` the tf backend (software adapters allowed: this page checks correctness, not speed), then
 * runs every frame of `input` through a fresh AvStreamingModel with stepAsync. The first step is a warm-up;
 * numTensors is compared around each later one. maxAbsDiffVsCpu is filled in by the caller.
 */
export async function runBackend(name: BackendName, loaded: LoadedModelWeights, input: SyntheticSequence): Promise<BackendCheck> {
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
    model.dispose();
    model = null;
    const timed = stepMs.slice(1);
    return {
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
