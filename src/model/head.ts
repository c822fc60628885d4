import * as tf from '@tensorflow/tfjs-core';
import type { AffectPrediction } from '../core/labels';
import { ACTION_UNITS, EXPRESSIONS } from '../core/labels';
import { dense } from './vggBody';
import type { WeightTensors } from './weightTensors';

/**
 * The multi-task output layer (§3): linear to 17 = valence, arousal (tanh) | 8 AUs (sigmoid) | 7 expressions
 * (softmax). x [N, in] → [N, 17] already activated. Call inside tf.tidy.
 */
export function outputHead(x: tf.Tensor2D, weights: WeightTensors): tf.Tensor2D {
  const logits = dense(x, weights, 'head', 'linear');
  const [va, au, expr] = tf.split(logits, [2, ACTION_UNITS.length, EXPRESSIONS.length], 1);
  return tf.concat([tf.tanh(va), tf.sigmoid(au), tf.softmax(expr)], 1) as tf.Tensor2D;
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
