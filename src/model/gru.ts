import * as tf from '@tensorflow/tfjs-core';
import type { WeightTensors } from './weightTensors';

/** Weights of one GRU layer, PyTorch layout: weight_ih [3H, in], weight_hh [3H, H], biases [3H]; gates r|z|n. */
export interface GruLayerWeights {
  weightIh: tf.Tensor2D;
  weightHh: tf.Tensor2D;
  biasIh: tf.Tensor1D;
  biasHh: tf.Tensor1D;
}

export function gruLayerWeights(weights: WeightTensors, prefix: string, layer: number): GruLayerWeights {
  return {
    weightIh: weights.get(`${prefix}.gru.${layer}.weight_ih`),
    weightHh: weights.get(`${prefix}.gru.${layer}.weight_hh`),
    biasIh: weights.get(`${prefix}.gru.${layer}.bias_ih`),
    biasHh: weights.get(`${prefix}.gru.${layer}.bias_hh`),
  };
}

/** x·W_ihᵀ + b_ih for a whole batch or sequence: [N, in] → [N, 3H]. */
export function gruInputProjection(x: tf.Tensor2D, w: GruLayerWeights): tf.Tensor2D {
  return tf.add(tf.matMul(x, w.weightIh, false, true), w.biasIh) as tf.Tensor2D;
}

/**
 * One GRU step in PyTorch's formulation, given the input projection gi = x·W_ihᵀ + b_ih [N, 3H]:
 * r = σ(gi_r + gh_r), z = σ(gi_z + gh_z), n = tanh(gi_n + r ⊙ gh_n), h' = (1 − z) ⊙ n + z ⊙ h,
 * with gh = h·W_hhᵀ + b_hh. h [N, H] → h' [N, H]. Call inside tf.tidy.
 */
export function gruCellFromProjection(gi: tf.Tensor2D, h: tf.Tensor2D, w: GruLayerWeights): tf.Tensor2D {
  const gh = tf.add(tf.matMul(h, w.weightHh, false, true), w.biasHh) as tf.Tensor2D;
  const [giR, giZ, giN] = tf.split(gi, 3, 1);
  const [ghR, ghZ, ghN] = tf.split(gh, 3, 1);
  const r = tf.sigmoid(tf.add(giR, ghR));
  const z = tf.sigmoid(tf.add(giZ, ghZ));
  const n = tf.tanh(tf.add(giN, tf.mul(r, ghN)));
  return tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, h)) as tf.Tensor2D;
}

/** One step of a stacked GRU: x [N, in], states [layers][N, H] → new states (last = output). Call inside tf.tidy. */
export function gruStackStep(x: tf.Tensor2D, states: readonly tf.Tensor2D[], layers: readonly GruLayerWeights[]): tf.Tensor2D[] {
  const next: tf.Tensor2D[] = [];
  let input = x;
  layers.forEach((w, layer) => {
    input = gruCellFromProjection(gruInputProjection(input, w), states[layer], w);
    next.push(input);
  });
  return next;
}

/**
 * A stacked GRU over a whole sequence x [T, in] (time along the batch axis, one sequence) from `initial`
 * states [layers][1, H]; unrolled layer by layer so each layer's input projection is one [T, in] matmul.
 * Returns the last layer's outputs [T, H] and the final states. Call inside tf.tidy.
 */
export function gruStackSequence(
  x: tf.Tensor2D,
  initial: readonly tf.Tensor2D[],
  layers: readonly GruLayerWeights[],
): { outputs: tf.Tensor2D; finalStates: tf.Tensor2D[] } {
  const steps = x.shape[0];
  const finalStates: tf.Tensor2D[] = [];
  let sequence = x;
  layers.forEach((w, layer) => {
    const projections = tf.split(gruInputProjection(sequence, w), steps, 0) as tf.Tensor2D[];
    let h = initial[layer];
    const outputs: tf.Tensor2D[] = [];
    for (const gi of projections) {
      h = gruCellFromProjection(gi, h, w);
      outputs.push(h);
    }
    finalStates.push(h);
    sequence = tf.concat(outputs, 0);
  });
  return { outputs: sequence, finalStates };
}
