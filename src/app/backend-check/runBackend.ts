/** Runs the streaming model on one tfjs backend and records outputs, timing and tensor counts. */
import { errorMessage } from '../../core/errors';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName, LoadedModelWeights } from '../../model';
import { AvStreamingModel, resolveBackend } from '../../model';
import type { BackendCheck, StepOutputs } from './report';
import type { SyntheticSequence } from './syntheticInput';

export const WASM_PATH_PREFIX = '/vendor/tfjs-wasm/';

/**
 * Makes `name` the tf backend (software adapters allowed: this page checks correctness, not speed), then
 * runs every frame of `input` through a fresh AvStreamingModel with stepAsync. The first step is a warm-up;
 * numTensors is compared around each later one. maxAbsDiffVsCpu is filled in by the caller.
 */
export async function runBackend(name: BackendName, loaded: LoadedModelWeights, input: SyntheticSequence): Promise<BackendCheck> {
  try {
    await resolveBackend([name], { allowSoftwareAdapter: true, wasmPathPrefix: WASM_PATH_PREFIX });
  } catch (error) {
    return { name, status: 'unavailable', reason: errorMessage(error) };
  }
  const tensorsBeforeModel = tf.memory().numTensors;
  let model: AvStreamingModel | null = null;
  try {
    model = new AvStreamingModel(loaded.manifest.architecture, loaded.manifest.config, loaded.weights, { head: loaded.manifest.head });
    const stepMs: number[] = [];
    const outputs: StepOutputs[] = [];
    const tensorLeakPerStep: number[] = [];
    for (let t = 0; t < input.faces.length; t++) {
      const tensorsBefore = tf.memory().numTensors;
      const started = performance.now();
      const prediction = await model.stepAsync(input.faces[t], input.audios?.[t] ?? null, input.timestampsMs[t]);
      stepMs.push(performance.now() - started);
      if (t > 0) tensorLeakPerStep.push(tf.memory().numTensors - tensorsBefore);
      outputs.push([prediction.valence, prediction.arousal, ...prediction.actionUnitProbabilities, ...prediction.expressionProbabilities]);
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
