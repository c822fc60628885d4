import * as tf from '@tensorflow/tfjs-core';
import { vggConvLayers } from './param-spec';
import type { StreamName } from './param-spec';
import type { WeightTensors } from './weight-tensors';

/**
 * Scaled VGG-16 conv body + first fc layer (§3 "MT-VGG"): 13 × (conv3×3 'same' + ReLU), a 2×2 max-pool
 * after each of the 5 blocks, flatten (h, w, c), fc1 + ReLU. Input [N, H, W, C] NHWC → [N, fcUnits].
 * Call inside tf.tidy.
 */
export function vggBody(stream: StreamName, input: tf.Tensor4D, weights: WeightTensors, widthMultiplier: number): tf.Tensor2D {
  let x = input;
  let block = '1';
  for (const layer of vggConvLayers(widthMultiplier)) {
    const layerBlock = layer.name.slice(4, layer.name.indexOf('_'));
    if (layerBlock !== block) {
      x = tf.maxPool(x, 2, 2, 'same');
      block = layerBlock;
    }
    const kernel = weights.get<tf.Rank.R4>(`${stream}.${layer.name}.weight`);
    const bias = weights.get<tf.Rank.R1>(`${stream}.${layer.name}.bias`);
    // One fused op (conv + bias + ReLU) instead of three: fewer passes over the feature map.
    x = tf.fused.conv2d({ x, filter: kernel, strides: 1, pad: 'same', bias, activation: 'relu' });
  }
  x = tf.maxPool(x, 2, 2, 'same');
  const flat = tf.reshape(x, [x.shape[0], -1]) as tf.Tensor2D;
  return dense(flat, weights, `${stream}.fc1`, 'relu');
}

/** x·W + b with W stored [in, out]. */
export function dense(x: tf.Tensor2D, weights: WeightTensors, prefix: string, activation: 'relu' | 'linear'): tf.Tensor2D {
  return tf.fused.matMul({
    a: x,
    b: weights.get<tf.Rank.R2>(`${prefix}.weight`),
    bias: weights.get<tf.Rank.R1>(`${prefix}.bias`),
    activation,
  }) as tf.Tensor2D;
}
