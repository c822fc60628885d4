import { describe, expect, it } from 'vitest';
import { validateAvModelConfig } from '../config';
import type { FetchFn } from '../loader';
import { loadModelWeights } from '../loader';
import { TINY_CONFIG, tinyWeights } from '../test-fixtures';
import { convertSafetensors, readExportMetadata } from './convert-model';
import { toPyTorchState } from './pytorch-fixtures';
import { writeSafetensors } from './safetensors';

const PROVENANCE = { data: 'AffectNet (train split)', licence: 'research only', heldOutMetrics: { valenceCcc: 0.5 }, notes: '' };
const weights = tinyWeights('mt-vgg-rnn', 2);

function exportFile(metadata: Record<string, string>): Uint8Array {
  return writeSafetensors(toPyTorchState('mt-vgg-rnn', TINY_CONFIG, weights), metadata);
}

const fullMetadata = {
  config: JSON.stringify(TINY_CONFIG),
  architecture: 'mt-vgg-rnn',
  provenance: JSON.stringify(PROVENANCE),
  expressionHead: JSON.stringify({ kind: 'cosine', scale: 24 }),
};

function fetchFrom(files: Array<{ path: string; bytes: Uint8Array }>, manifest: unknown): FetchFn {
  const byUrl = new Map(files.map((f) => [`/m/${f.path}`, f.bytes]));
  byUrl.set('/m/manifest.json', new TextEncoder().encode(JSON.stringify(manifest)));
  return async (url) => ({ ok: byUrl.has(url), status: byUrl.has(url) ? 200 : 404, arrayBuffer: async () => byUrl.get(url)!.slice().buffer });
}

describe('convertSafetensors', () => {
  it('writes a manifest the app accepts, with the metadata, and float32 shards that load back exactly', async () => {
    const converted = await convertSafetensors(exportFile(fullMetadata), { id: 'tiny-trained', name: 'Tiny', dtype: 'float32', shardBytes: 256 * 1024 });
    const { manifest } = converted;
    expect(manifest).toMatchObject({ id: 'tiny-trained', name: 'Tiny', architecture: 'mt-vgg-rnn', config: TINY_CONFIG, trained: true, provenance: PROVENANCE });
    expect(manifest.head).toEqual({ expression: { kind: 'cosine', scale: 24 } });
    expect(manifest.input.face.colorMode).toBe('luma3');
    expect(manifest.input.audio).toMatchObject({ sampleRateHz: 16000, windowMs: 33, overlapMs: 11, freqBins: 32, contextFrames: 16 });
    expect(converted.files.length).toBeGreaterThan(1);
    expect(converted.errors.float32.maxAbsError).toBe(0);
    expect(converted.errors.float16.maxAbsError).toBeGreaterThan(0);
    expect(converted.errors.uint8.maxAbsError).toBeGreaterThan(converted.errors.float16.maxAbsError);
    const loaded = await loadModelWeights('/m/manifest.json', fetchFrom(converted.files, manifest));
    for (const [name, values] of weights) expect(loaded.weights.get(name), name).toEqual(values);
    expect(loaded.manifest.head).toEqual(manifest.head);
  });

  it('lets options override the metadata, and leaves a linear head out of the manifest', async () => {
    const converted = await convertSafetensors(exportFile({ architecture: 'mt-vgg-rnn' }), {
      id: 'x',
      dtype: 'float16',
      untrained: true,
      colorMode: 'rgb',
      overrides: { config: TINY_CONFIG, expressionHead: { kind: 'linear' }, architecture: undefined },
    });
    expect(converted.manifest.trained).toBe(false);
    expect(converted.manifest.provenance.notes).toMatch(/^untrained/);
    expect(converted.manifest.input.face.colorMode).toBe('rgb');
    expect('head' in converted.manifest).toBe(false);
    expect(converted.files.map((f) => f.path)).toEqual(['weights.bin']);
  });

  it.each([
    ['no config', { architecture: 'mt-vgg-rnn' }, {}, /no model config/],
    ['no architecture', { config: fullMetadata.config }, {}, /no architecture/],
    ['a trained model without provenance', { config: fullMetadata.config, architecture: 'mt-vgg-rnn' }, {}, /no provenance for a trained model/],
    ['a provenance without licence', { ...fullMetadata, provenance: '{"data":"x","heldOutMetrics":null}' }, {}, /provenance\.licence: expected a non-empty string/],
    ['an id with capitals', fullMetadata, { id: 'Tiny' }, /id: expected lower-case letters/],
    ['another architecture', { ...fullMetadata, architecture: 'av-mt-vgg-rnn' }, {}, /missing tensors for av-mt-vgg-rnn: audio\.conv1_1\.weight/],
  ])('refuses %s', async (_, metadata, options, message) => {
    await expect(convertSafetensors(exportFile(metadata), { id: 'tiny', dtype: 'float32', ...options })).rejects.toThrow(message);
  });
});

describe('readExportMetadata', () => {
  it('parses the JSON fields and checks them', () => {
    expect(readExportMetadata(fullMetadata)).toEqual({ config: validateAvModelConfig(TINY_CONFIG), architecture: 'mt-vgg-rnn', provenance: PROVENANCE, expressionHead: { kind: 'cosine', scale: 24 } });
    expect(readExportMetadata({})).toEqual({});
    expect(() => readExportMetadata({ config: '{' })).toThrow(/metadata 'config': expected JSON/);
    expect(() => readExportMetadata({ architecture: 'resnet' })).toThrow(/metadata 'architecture': expected one of mt-vgg, mt-vgg-rnn, av-mt-vgg-rnn, got "resnet"/);
    expect(() => readExportMetadata({ expressionHead: '{"kind":"cosine","scale":-1}' })).toThrow(/expressionHead: expected \{"kind":"linear"\} or \{"kind":"cosine","scale":s\} with s > 0/);
    expect(() => readExportMetadata({ config: '{"widthMultiplier":9}' })).toThrow(/widthMultiplier: expected a number in \(0, 4\]/);
  });
});
