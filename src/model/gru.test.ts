import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { gruCellFromProjection, gruInputProjection } from './gru';
import { syntheticInput } from './test-fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** PyTorch's nn.GRUCell written out with plain loops (independent of the tfjs code). */
function referenceGruCell(x: number[], h: number[], wIh: Float32Array, wHh: Float32Array, bIh: Float32Array, bHh: Float32Array): number[] {
  const hidden = h.length;
  const row = (w: Float32Array, v: number[], r: number) => v.reduce((s, value, i) => s + w[r * v.length + i] * value, 0);
  const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
  return h.map((hj, j) => {
    const r = sigmoid(row(wIh, x, j) + bIh[j] + row(wHh, h, j) + bHh[j]);
    const z = sigmoid(row(wIh, x, hidden + j) + bIh[hidden + j] + row(wHh, h, hidden + j) + bHh[hidden + j]);
    const n = Math.tanh(row(wIh, x, 2 * hidden + j) + bIh[2 * hidden + j] + r * (row(wHh, h, 2 * hidden + j) + bHh[2 * hidden + j]));
    return (1 - z) * n + z * hj;
  });
}

describe('GRU cell (PyTorch formulation)', () => {
  it('matches a loop implementation', () => {
    const inputSize = 5;
    const hidden = 4;
    const wIh = syntheticInput(3 * hidden * inputSize, 1);
    const wHh = syntheticInput(3 * hidden * hidden, 2);
    const bIh = syntheticInput(3 * hidden, 3);
    const bHh = syntheticInput(3 * hidden, 4);
    const x = Array.from(syntheticInput(inputSize, 5));
    const h = Array.from(syntheticInput(hidden, 6));
    const expected = referenceGruCell(x, h, wIh, wHh, bIh, bHh);
    const actual = tf.tidy(() => {
      const w = {
        weightIhT: tf.transpose(tf.tensor2d(wIh, [3 * hidden, inputSize])),
        weightHhT: tf.transpose(tf.tensor2d(wHh, [3 * hidden, hidden])),
        biasIh: tf.tensor1d(bIh),
        biasHh: tf.tensor1d(bHh),
      };
      const gi = gruInputProjection(tf.tensor2d([x]), w);
      return gruCellFromProjection(gi, tf.tensor2d([h]), w).dataSync();
    });
    Array.from(actual).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
  });
});
