import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createStreamingModel } from './create-streaming-model';
import { encodeWeights } from './encode-weights';
import type { FetchFn } from './loader';
import type { ModelManifest } from './manifest';
import { paramSpec } from './param-spec';
import { TINY_CONFIG, tinyWeights } from './test-fixtures';

const MANIFEST_URL = 'http://localhost/models/tiny/manifest.json';
const AUDIO = { sampleRateHz: 16000, windowMs: 33, overlapMs: 11, fftSize: 1024, freqBins: 32, contextFrames: 16, minDb: -80, maxDb: 0 };
let files: Map<string, Uint8Array>;

const fakeFetch: FetchFn = async (url) => {
  const bytes = files.get(url);
  return { ok: bytes !== undefined, status: bytes ? 200 : 404, arrayBuffer: async () => (bytes ?? new Uint8Array()).slice().buffer };
};

beforeAll(async () => {
  await tf.setBackend('cpu');
  const { entry, bytes } = await encodeWeights(paramSpec('av-mt-vgg-rnn', TINY_CONFIG), tinyWeights('av-mt-vgg-rnn'), { path: 'weights.bin', dtype: 'float32' });
  const manifest: ModelManifest = {
    format: 'affectscope-model', version: 1, id: 'tiny', name: 'Tiny', architecture: 'av-mt-vgg-rnn', config: TINY_CONFIG,
    input: { face: { cropSizePx: 96, range: [-1, 1], colorMode: 'luma3' }, audio: AUDIO },
    trained: false, provenance: { data: 'none', licence: 'Apache-2.0', heldOutMetrics: null, notes: 'untrained' }, weights: [entry],
  };
  files = new Map([
    [MANIFEST_URL, new TextEncoder().encode(JSON.stringify(manifest))],
    ['http://localhost/models/tiny/weights.bin', bytes],
  ]);
});

describe('createStreamingModel', () => {
  it('starts the backend, loads the verified weights and returns what the manifest declares', async () => {
    const created = await createStreamingModel({ manifestUrl: MANIFEST_URL, backends: ['cpu'], fetchFn: fakeFetch });
    expect(created.backend).toBe('cpu');
    expect(created.skipped).toEqual([]);
    expect(created.manifest.id).toBe('tiny');
    expect(created.alignOptions).toEqual({ cropSizePx: 96, colorMode: 'luma3' });
    const { contextFrames, ...spectrogram } = AUDIO;
    expect(created.spectrogramOptions).toEqual(spectrogram);
    expect(created.contextFrames).toBe(contextFrames);
    expect(created.model.usesAudio).toBe(true);
    const prediction = await created.model.stepAsync(new Float32Array(created.model.faceSize), new Float32Array(created.model.audioSize), 0);
    expect(prediction.expressionProbabilities).toHaveLength(7);
    created.model.dispose();
  });

  it('builds on weights already loaded, without fetching', async () => {
    const first = await createStreamingModel({ manifestUrl: MANIFEST_URL, backends: ['cpu'], fetchFn: fakeFetch });
    first.model.dispose();
    const refuse: FetchFn = async () => {
      throw new Error('no fetch expected');
    };
    const second = await createStreamingModel({ loaded: { manifest: first.manifest, weights: tinyWeights('av-mt-vgg-rnn') }, backends: ['cpu'], fetchFn: refuse });
    expect(second.manifest).toBe(first.manifest);
    second.model.dispose();
  });

  it('refuses contradictory options at once, and passes on the loader errors', async () => {
    await expect(createStreamingModel({ backends: ['cpu'] })).rejects.toMatchObject({ code: 'invalid-options', message: expect.stringContaining('got neither') });
    const loaded = { manifest: {} as ModelManifest, weights: new Map() };
    await expect(createStreamingModel({ manifestUrl: MANIFEST_URL, loaded, backends: ['cpu'] })).rejects.toMatchObject({ code: 'invalid-options', message: expect.stringContaining('got both') });
    await expect(createStreamingModel({ manifestUrl: MANIFEST_URL, backends: [] })).rejects.toMatchObject({ code: 'invalid-options' });
    await expect(createStreamingModel({ manifestUrl: 'http://localhost/none/manifest.json', backends: ['cpu'], fetchFn: fakeFetch })).rejects.toMatchObject({ code: 'model-missing' });
  });
});
