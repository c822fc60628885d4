import { describe, expect, it } from 'vitest';
import { encodeWeightShards, encodeWeights } from './encode-weights';
import { decodeTensor, loadModelWeights } from './loader';
import type { ModelManifest } from './manifest';
import { validateManifest } from './manifest';
import { paramSpec } from './param-spec';
import { dequantizeUint8, quantizeUint8 } from './quantize';
import { syntheticInput, TINY_CONFIG, tinyWeights } from './test-fixtures';
import { defaultInputSpec } from './input-spec';

const spec = paramSpec('mt-vgg', TINY_CONFIG);
const weights = tinyWeights('mt-vgg');

function manifestFor(files: ModelManifest['weights']): ModelManifest {
  return {
    format: 'affectscope-model',
    version: 1,
    id: 'tiny-uint8',
    name: 'Tiny uint8 network',
    architecture: 'mt-vgg',
    config: TINY_CONFIG,
    input: defaultInputSpec(TINY_CONFIG, 'luma3'),
    trained: false,
    provenance: { data: 'none', licence: 'Apache-2.0', heldOutMetrics: null, notes: 'untrained' },
    weights: files,
  };
}

describe('uint8 quantisation', () => {
  it('is exact on 256 evenly spaced values and on a constant tensor', () => {
    const ramp = Float32Array.from({ length: 256 }, (_, q) => -1 + q * 0.5);
    const { bytes, quantization } = quantizeUint8(ramp);
    expect(quantization).toEqual({ min: -1, scale: 0.5 });
    expect([...bytes]).toEqual(Array.from({ length: 256 }, (_, q) => q));
    expect(dequantizeUint8(bytes, quantization)).toEqual(ramp);
    const constant = quantizeUint8(new Float32Array(5).fill(0.3));
    expect(constant.quantization.scale).toBe(0);
    expect([...dequantizeUint8(constant.bytes, constant.quantization)]).toEqual(new Array(5).fill(Math.fround(0.3)));
  });

  it('errs by at most scale / 2, and keeps the extremes', () => {
    const values = syntheticInput(10_000, 4).map((v) => v * 3 + 0.7);
    const { bytes, quantization } = quantizeUint8(values);
    const decoded = dequantizeUint8(bytes, quantization);
    const worst = Math.max(...values.map((v, i) => Math.abs(decoded[i] - v)));
    expect(worst).toBeLessThanOrEqual(quantization.scale / 2 + 1e-6);
    expect(worst).toBeGreaterThan(quantization.scale / 4); // it is lossy
    expect(Math.min(...decoded)).toBeCloseTo(Math.min(...values), 6);
    expect(Math.max(...decoded)).toBeCloseTo(Math.max(...values), 5);
  });

  it('refuses non-finite values', () => {
    expect(() => quantizeUint8(Float32Array.from([1, NaN]), 'head.bias')).toThrow(/'head.bias': expected finite values, got NaN/);
  });
});

describe('uint8 weight files', () => {
  it('store one byte per value with (min, scale) in the manifest, validate and load', async () => {
    const { bytes, entry } = await encodeWeights(spec, weights, { path: 'weights.bin', dtype: 'uint8' });
    expect(entry.tensors.every((t) => t.dtype === 'uint8' && t.quantization !== undefined)).toBe(true);
    const f32 = await encodeWeights(spec, weights, { path: 'weights.bin', dtype: 'float32' });
    expect(bytes.byteLength).toBeLessThan(f32.bytes.byteLength / 3.9);
    const manifest = manifestFor([entry]);
    const files = new Map<string, Uint8Array>([
      ['/m/manifest.json', new TextEncoder().encode(JSON.stringify(manifest))],
      ['/m/weights.bin', bytes],
    ]);
    const loaded = await loadModelWeights('/m/manifest.json', async (url) => ({ ok: true, status: 200, arrayBuffer: async () => files.get(url)!.slice().buffer }));
    for (const tensor of entry.tensors) {
      const original = weights.get(tensor.name)!;
      const decoded = loaded.weights.get(tensor.name)!;
      expect(decoded).toEqual(decodeTensor(bytes, tensor));
      const worst = original.reduce((m, v, i) => Math.max(m, Math.abs(decoded[i] - v)), 0);
      expect(worst, tensor.name).toBeLessThanOrEqual(tensor.quantization!.scale / 2 + 1e-6);
    }
  });

  it.each([
    ['uint8 without quantization', (t: Record<string, unknown>) => delete t.quantization, /tensors\[0\]\.quantization: expected an object, got nothing/],
    ['a negative scale', (t: Record<string, unknown>) => (t.quantization = { min: 0, scale: -1 }), /quantization\.scale: expected a finite number ≥ 0, got -1/],
    ['quantization on float16', (t: Record<string, unknown>) => (t.dtype = 'float16'), /tensors\[0\]\.quantization: expected none for dtype float16/],
  ])('a manifest with %s is refused', async (_, edit, message) => {
    const { entry } = await encodeWeights(spec, weights, { path: 'weights.bin', dtype: 'uint8' });
    const json = JSON.parse(JSON.stringify(manifestFor([entry])));
    edit(json.weights[0].tensors[0]);
    expect(() => validateManifest(json)).toThrow(message);
  });
});

describe('encodeWeightShards', () => {
  it('splits at tensor boundaries near the size asked for, in spec order, and the shards load as one', async () => {
    const shards = await encodeWeightShards(spec, weights, { dtype: 'float16', shardBytes: 64 * 1024 });
    expect(shards.length).toBeGreaterThan(2);
    expect(shards.map((s) => s.entry.path)).toEqual(shards.map((_, i) => `weights-${i + 1}-of-${shards.length}.bin`));
    expect(shards.flatMap((s) => s.entry.tensors.map((t) => t.name))).toEqual(spec.map((e) => e.name));
    // A shard is over the limit only when it holds a single larger tensor.
    for (const shard of shards) if (shard.entry.tensors.length > 1) expect(shard.bytes.byteLength).toBeLessThanOrEqual(64 * 1024);
    const files = new Map<string, Uint8Array>(shards.map((s) => [`/m/${s.entry.path}`, s.bytes]));
    files.set('/m/manifest.json', new TextEncoder().encode(JSON.stringify(manifestFor(shards.map((s) => s.entry)))));
    const loaded = await loadModelWeights('/m/manifest.json', async (url) => ({ ok: true, status: 200, arrayBuffer: async () => files.get(url)!.slice().buffer }));
    expect(loaded.weights.size).toBe(spec.length);
    const single = await encodeWeightShards(spec, weights, { dtype: 'float16', shardBytes: 1e9 });
    expect(single.map((s) => s.entry.path)).toEqual(['weights.bin']);
  });
});
