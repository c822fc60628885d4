import * as tf from '@tensorflow/tfjs-core';
import type { WeightTensors } from './weight-tensors';

/**
 * Weights of one GRU layer: PyTorch's weight_ih [3H, in] and weight_hh [3H, H] stored transposed (W_ihᵀ [in, 3H],
 * W_hhᵀ [H, 3H]: a plain matMul, several times faster on wasm than one with transposeB), biases [3H]; gates r|z|n.
 */
export interface GruLayerWeights {
  weightIhT: tf.Tensor2D;
  weightHhT: tf.Tensor2D;
  biasIh: tf.Tensor1D;
  biasHh: tf.Tensor1D;
}

export function gruLayerWeights(weights: WeightTensors, prefix: string, layer: number): GruLayerWeights {
  return {
    weightIhT: weights.transposed(`${prefix}.gru.${layer}.weight_ih`),
    weightHhT: weights.transposed(`${prefix}.gru.${layer}.weight_hh`),
    biasIh: weights.get(`${prefix}.gru.${layer}.bias_ih`),
    biasHh: weights.get(`${prefix}.gru.${layer}.bias_hh`),
  };
}

/** x·W_ihᵀ + b_ih for a whole batch or sequence: [N, in] → [N, 3H]. */
export function gruInputProjection(x: tf.Tensor2D, w: GruLayerWeights): tf.Tensor2D {
  return tf.fused.matMul({ a: x, b: w.weightIhT, bias: w.biasIh }) as tf.Tensor2D;
}

/**
 * One GRU step in PyTorch's formulation, given the input projection gi = x·W_ihᵀ + b_ih [N, 3H]:
 * r = σ(gi_r + gh_r), z = σ(gi_z + gh_z), n = tanh(gi_n + r ⊙ gh_n), h' = (1 − z) ⊙ n + z ⊙ h,
 * with gh = h·W_hhᵀ + b_hh. h [N, H] → h' [N, H]. Call inside tf.tidy.
 */
export function gruCellFromProjection(gi: tf.Tensor2D, h: tf.Tensor2D, w: GruLayerWeights): tf.Tensor2D {
  const hidden = h.shape[1];
  const gh = tf.fused.matMul({ a: h, b: w.weightHhT, bias: w.biasHh }) as tf.Tensor2D;
  // r and z in one add and one sigmoid over [N, 2H]; h' = (1 − z) ⊙ n + z ⊙ h written as n + z ⊙ (h − n).
  const [giRz, giN] = tf.split(gi, [2 * hidden, hidden], 1);
  const [ghRz, ghN] = tf.split(gh, [2 * hidden, hidden], 1);
  const [r, z] = tf.split(tf.sigmoid(tf.add(giRz, ghRz)), 2, 1);
  const n = tf.tanh(tf.add(giN, tf.mul(r, ghN)));
  return tf.add(n, tf.mul(z, tf.sub(h, n))) as tf.Tensor2D;
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
