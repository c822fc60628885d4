import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cosineExpressionCentres, outputHead } from './head';
import { validateManifest } from './manifest';
import { AvNetwork } from './network';
import { syntheticInput, TINY_CONFIG, tinyWeights } from './test-fixtures';
import { WeightTensors } from './weight-tensors';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const COSINE = { expression: { kind: 'cosine' as const, scale: 16 } };

/** s · cos(x, W[:, 10 + e]) then softmax, by hand in float64. */
function expectedExpressions(x: Float32Array, headWeight: Float32Array, scale: number): number[] {
  const outputs = 17;
  const norm = (v: number[]) => Math.sqrt(v.reduce((s, a) => s + a * a, 0));
  const logits = Array.from({ length: 7 }, (_, e) => {
    const column = Array.from(x, (_, i) => headWeight[i * outputs + 10 + e]);
    return (scale * column.reduce((s, w, i) => s + w * x[i], 0)) / (norm(column) * norm([...x]));
  });
  const top = Math.max(...logits);
  const exps = logits.map((l) => Math.exp(l - top));
  return exps.map((v) => v / exps.reduce((s, a) => s + a, 0));
}

describe('cosine expression head', () => {
  it('gives softmax(s · cos(x, w_e)) for the expressions and leaves VA and AUs linear', () => {
    const weights = tinyWeights('mt-vgg');
    const linear = new AvNetwork('mt-vgg', TINY_CONFIG, weights);
    const before = tf.memory().numTensors;
    const cosine = new AvNetwork('mt-vgg', TINY_CONFIG, weights, COSINE);
    const face = syntheticInput(96 * 96 * 3, 3);
    const run = (network: AvNetwork) =>
      tf.tidy(() => {
        const features = network.encode(tf.tensor4d(face, [1, 96, 96, 3]), null);
        return { x: features.visual.dataSync() as Float32Array, y: network.step(features, {}).outputs.dataSync() as Float32Array };
      });
    const a = run(linear);
    const b = run(cosine);
    expect([...b.y.slice(0, 10)]).toEqual([...a.y.slice(0, 10)]);
    const expected = expectedExpressions(b.x, weights.get('head.weight')!, 16);
    b.y.slice(10).forEach((p, e) => expect(p).toBeCloseTo(expected[e], 5));
    // Not the linear head's distribution.
    expect(Math.max(...b.y.slice(10).map((p, e) => Math.abs(p - a.y[10 + e])))).toBeGreaterThan(1e-3);
    cosine.dispose();
    expect(tf.memory().numTensors).toBe(before);
    linear.dispose();
  });

  it('maps a zero input to uniform expressions (x / max(‖x‖, 1e-12), as torch normalize), not NaN', () => {
    const spec = [
      { name: 'head.weight', shape: [4, 17] },
      { name: 'head.bias', shape: [17] },
    ];
    const tensors = new WeightTensors(spec, new Map([
      ['head.weight', syntheticInput(68, 1)],
      ['head.bias', new Float32Array(17)],
    ]));
    const centres = cosineExpressionCentres(tensors);
    const columnNorms = tf.tidy(() => tf.norm(centres, 'euclidean', 0).dataSync());
    columnNorms.forEach((n) => expect(n).toBeCloseTo(1, 6));
    const y = tf.tidy(() => outputHead(tf.zeros([1, 4]) as tf.Tensor2D, tensors, { scale: 16, centres }).dataSync());
    y.slice(10).forEach((p) => expect(p).toBeCloseTo(1 / 7, 6));
    centres.dispose();
    tensors.dispose();
  });
});

describe('manifest head', () => {
  const base = () => JSON.parse(JSON.stringify({
    format: 'affectscope-model', version: 1, id: 't', name: 't', architecture: 'mt-vgg', config: TINY_CONFIG,
    input: { face: { cropSizePx: 96, range: [-1, 1], colorMode: 'rgb' }, audio: { sampleRateHz: 16000, windowMs: 33, overlapMs: 11, fftSize: 1024, freqBins: 32, contextFrames: 16, minDb: -80, maxDb: 0 } },
    trained: false, provenance: { data: 'none', licence: 'MIT', heldOutMetrics: null, notes: '' },
    weights: [],
  }));

  it.each([
    [{ expression: { kind: 'cosine', scale: 30 } }, null],
    [{ expression: { kind: 'linear' } }, null],
    [{ expression: { kind: 'arcface', scale: 30 } }, /head\.expression\.kind: expected one of 'linear' \| 'cosine', got "arcface"/],
    [{ expression: { kind: 'cosine', scale: 0 } }, /head\.expression\.scale: expected a positive number, got 0/],
    [{ expression: { kind: 'cosine' } }, /head\.expression\.scale: expected a finite number/],
    [{}, /head\.expression: expected an object/],
  ])('head %j', (head, error) => {
    const json = { ...base(), head };
    // The weights list is empty, so a valid head gets as far as the tensor check.
    expect(() => validateManifest(json)).toThrow(error ?? /expected a tensor 'visual\.conv1_1\.weight'/);
  });
});
