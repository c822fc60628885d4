import * as tf from '@tensorflow/tfjs-core';
import type { AffectPrediction } from '../core/labels';
import { ACTION_UNITS, EXPRESSIONS } from '../core/labels';
import { dense } from './vgg-body';
import type { WeightTensors } from './weight-tensors';

/**
 * The multi-task output layer (§3): linear to 17 = valence, arousal (tanh) | 8 AUs (sigmoid) | 7 expressions
 * (softmax). x [N, in] → [N, 17] already activated. Call inside tf.tidy.
 */
export function outputHead(x: tf.Tensor2D, weights: WeightTensors, cosine?: CosineExpressionHead): tf.Tensor2D {
  const logits = dense(x, weights, 'head', 'linear');
  const [va, au, linearExpr] = tf.split(logits, [2, ACTION_UNITS.length, EXPRESSIONS.length], 1);
  const expr = cosine ? tf.matMul(tf.mul(l2NormalizeRows(x), cosine.scale), cosine.centres) : linearExpr;
  return tf.concat([tf.tanh(va), tf.sigmoid(au), tf.softmax(expr)], 1) as tf.Tensor2D;
}

/** Expression logits s · cos(x, w_e) (ArcFace-trained head at test time, Deng et al. 2019 §2.1; model.py `Head`). */
export interface CosineExpressionHead {
  scale: number;
  /** the head weight's 7 expression columns, each of unit length: [in, 7] */
  centres: tf.Tensor2D;
}

/** x / max(‖x‖₂, 1e-12) per row, as torch.nn.functional.normalize. */
function l2NormalizeRows(x: tf.Tensor2D, axis = 1): tf.Tensor2D {
  return tf.div(x, tf.maximum(tf.norm(x, 'euclidean', axis, true), 1e-12)) as tf.Tensor2D;
}

/** The class centres of a cosine expression head, from head.weight [in, 17]; the caller owns the tensor. */
export function cosineExpressionCentres(weights: WeightTensors): tf.Tensor2D {
  return tf.tidy(() => {
    const weight = weights.get<tf.Rank.R2>('head.weight');
    const first = 2 + ACTION_UNITS.length;
    const columns = tf.slice(weight, [0, first], [weight.shape[0], EXPRESSIONS.length]);
    return l2NormalizeRows(columns as tf.Tensor2D, 0);
  });
}

/** Reads row `row` of an activated head output [N, 17]. */
export function decodePrediction(values: ArrayLike<number>, row: number): AffectPrediction {
  const width = 2 + ACTION_UNITS.length + EXPRESSIONS.length;
  const base = row * width;
  const slice = (from: number, count: number) => Array.from({ length: count }, (_, i) => values[base + from + i]);
  return {
    valence: values[base],
    arousal: values[base + 1],
    actionUnitProbabilities: slice(2, ACTION_UNITS.length),
    expressionProbabilities: slice(2 + ACTION_UNITS.length, EXPRESSIONS.length),
  };
}
