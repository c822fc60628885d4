import { beforeAll, describe, expect, it } from 'vitest';
import { encodeWeights } from './encode-weights';
import type { FetchFn } from './loader';
import { loadModelWeights } from './loader';
import type { ModelManifest } from './manifest';
import { validateManifest } from './manifest';
import { paramSpec } from './param-spec';
import { TINY_CONFIG, tinyWeights } from './test-fixtures';

const spec = paramSpec('av-mt-vgg-rnn', TINY_CONFIG);
const weights = tinyWeights('av-mt-vgg-rnn');

function manifestFor(weightFile: ModelManifest['weights'][number]): ModelManifest {
  return {
    format: 'affectscope-model',
    version: 1,
    id: 'tiny-test',
    name: 'Tiny test network',
    architecture: 'av-mt-vgg-rnn',
    config: TINY_CONFIG,
    input: {
      face: { cropSizePx: 96, range: [-1, 1], colorMode: 'rgb' },
      audio: { sampleRateHz: 16000, windowMs: 33, overlapMs: 11, fftSize: 1024, freqBins: 32, contextFrames: 16, minDb: -80, maxDb: 0 },
    },
    trained: false,
    provenance: { data: 'none', licence: 'Apache-2.0', heldOutMetrics: null, notes: 'untrained' },
    weights: [weightFile],
  };
}

/** A fetch over in-memory files, keyed by URL. */
function fakeFetch(files: Map<string, Uint8Array>): FetchFn {
  return async (url) => {
    const bytes = files.get(url);
    return {
      ok: bytes !== undefined,
      status: bytes ? 200 : 404,
      arrayBuffer: async () => (bytes ?? new Uint8Array()).slice().buffer,
    };
  };
}

const MANIFEST_URL = 'http://localhost/models/tiny-test/manifest.json';
const WEIGHTS_URL = 'http://localhost/models/tiny-test/weights.bin';

function filesFor(manifest: ModelManifest, bin: Uint8Array): Map<string, Uint8Array> {
  return new Map([
    [MANIFEST_URL, new TextEncoder().encode(JSON.stringify(manifest))],
    [WEIGHTS_URL, bin],
  ]);
}

describe('validateManifest', () => {
  let manifest: ModelManifest;
  beforeAll(async () => {
    manifest = manifestFor((await encodeWeights(spec, weights, { path: 'weights.bin', dtype: 'float16' })).entry);
  });

  it('accepts a well-formed manifest and returns a checked copy', () => {
    const parsed = validateManifest(JSON.parse(JSON.stringify(manifest)));
    expect(parsed).toEqual(manifest);
  });

  const broken: Array<[string, (m: any) => void, RegExp]> = [
    ['not an object', (m) => Object.keys(m).forEach((k) => delete m[k]), /format: expected 'affectscope-model', got nothing/],
    ['another version', (m) => (m.version = 2), /version: expected 1 .*got 2/],
    ['an unknown architecture', (m) => (m.architecture = 'resnet'), /architecture: expected one of 'mt-vgg' \| 'mt-vgg-rnn' \| 'av-mt-vgg-rnn', got "resnet"/],
    ['a bad config', (m) => (m.config.gruUnits = 0), /config: .*gruUnits: expected a positive integer, got 0/],
    ['a crop size that contradicts the config', (m) => (m.input.face.cropSizePx = 112), /input.face.cropSizePx: expected config.face.cropSizePx \(96\), got 112/],
    ['a wrong face range', (m) => (m.input.face.range = [0, 1]), /input.face.range: expected \[-1, 1\], got \[0,1\]/],
    ['an unknown colour mode', (m) => (m.input.face.colorMode = 'bgr'), /colorMode: expected one of 'rgb' \| 'luma3', got "bgr"/],
    ['no provenance', (m) => delete m.provenance, /provenance: expected an object, got nothing/],
    ['a path outside the folder', (m) => (m.weights[0].path = '../other/weights.bin'), /weights\[0\].path: expected a relative path/],
    ['a malformed sha256', (m) => (m.weights[0].sha256 = 'abc'), /weights\[0\].sha256: expected 64 lower-case hex digits, got "abc"/],
    ['a tensor past the end', (m) => (m.weights[0].byteLength = 100), /weights\[0\].tensors\[\d+\]: expected to end within byteLength 100/],
    ['a wrong dtype', (m) => (m.weights[0].tensors[0].dtype = 'int8'), /dtype: expected one of 'float32' \| 'float16' \| 'uint8', got "int8"/],
    ['a missing tensor', (m) => m.weights[0].tensors.pop(), /weights: expected a tensor 'head.bias' for av-mt-vgg-rnn, got "none"/],
    ['a wrong shape', (m) => (m.weights[0].tensors[0].shape = [3, 3, 3, 5]), /'visual.conv1_1.weight'.shape: expected \[3, 3, 3, 4\], got \[3,3,3,5\]/],
    ['an extra tensor', (m) => m.weights[0].tensors.push({ ...m.weights[0].tensors[0], name: 'extra' }), /expected only tensors of av-mt-vgg-rnn, got \["extra"\]/],
    ['an unknown derived output', (m) => (m.provenance.derivedOutputs = { expression: 'x' }), /provenance.derivedOutputs.expression: expected 'actionUnits', 'valenceArousal' or 'measured'/],
    ['an empty derivation', (m) => (m.provenance.derivedOutputs = { actionUnits: '' }), /provenance.derivedOutputs.actionUnits: expected a non-empty string/],
    ['a measured output without its note', (m) => (m.provenance.derivedOutputs = { valenceArousal: 'x', measured: ['actionUnits'] }), /provenance.derivedOutputs.measured\[0\]: expected an output described in provenance.derivedOutputs, got "actionUnits"/],
    ['an unknown measured output', (m) => (m.provenance.derivedOutputs = { actionUnits: 'x', measured: ['mood'] }), /provenance.derivedOutputs.measured\[0\]: expected one of 'actionUnits' \| 'valenceArousal', got "mood"/],
  ];
  it('keeps which outputs were learned from derived targets', () => {
    const json = JSON.parse(JSON.stringify(manifest));
    json.provenance.derivedOutputs = { actionUnits: 'expression → AU priors (Du et al. 2014)' };
    expect(validateManifest(json).provenance.derivedOutputs).toEqual({ actionUnits: 'expression → AU priors (Du et al. 2014)' });
    json.provenance.derivedOutputs = { actionUnits: 'blendshape-measured AUs', valenceArousal: 'votes → circumplex', measured: ['actionUnits'] };
    expect(validateManifest(json).provenance.derivedOutputs).toEqual(json.provenance.derivedOutputs);
  });
  it.each(broken)('rejects %s', (_, breakIt, message) => {
    const json = JSON.parse(JSON.stringify(manifest));
    breakIt(json);
    expect(() => validateManifest(json)).toThrow(message);
    expect(() => validateManifest(json)).toThrow(expect.objectContaining({ code: 'model-manifest' }));
  });

  it('rejects a non-object', () => {
    expect(() => validateManifest(null)).toThrow(/manifest: expected an object, got null/);
    expect(() => validateManifest([])).toThrow(/manifest: expected an object, got \[\]/);
  });
});

describe('loadModelWeights', () => {
  it.each(['float16', 'float32'] as const)('round-trips %s weights through encodeWeights', async (dtype) => {
    const { bytes, entry } = await encodeWeights(spec, weights, { path: 'weights.bin', dtype });
    const manifest = manifestFor(entry);
    const loaded = await loadModelWeights(MANIFEST_URL, fakeFetch(filesFor(manifest, bytes)));
    expect(loaded.manifest).toEqual(manifest);
    expect([...loaded.weights.keys()]).toEqual(spec.map((e) => e.name));
    for (const [name, values] of weights) {
      const decoded = loaded.weights.get(name)!;
      const worst = values.reduce((w, v, i) => Math.max(w, Math.abs(decoded[i] - v) - Math.abs(v) * (dtype === 'float16' ? 2 ** -11 : 0)), 0);
      expect(worst, name).toBeLessThanOrEqual(dtype === 'float16' ? 2 ** -25 : 0);
    }
  });

  it('halves the file with float16', async () => {
    const f16 = await encodeWeights(spec, weights, { path: 'w', dtype: 'float16' });
    const f32 = await encodeWeights(spec, weights, { path: 'w', dtype: 'float32' });
    expect(f16.bytes.byteLength).toBeLessThan(0.51 * f32.bytes.byteLength);
  });

  it("rejects a corrupted weight file with 'model-integrity' naming the file", async () => {
    const { bytes, entry } = await encodeWeights(spec, weights, { path: 'weights.bin', dtype: 'float16' });
    const corrupted = bytes.slice();
    corrupted[1234] ^= 0x01;
    const load = loadModelWeights(MANIFEST_URL, fakeFetch(filesFor(manifestFor(entry), corrupted)));
    await expect(load).rejects.toMatchObject({ code: 'model-integrity', message: expect.stringContaining(WEIGHTS_URL) });
    await expect(load).rejects.toThrow(/expected SHA-256 [0-9a-f]{64}, got [0-9a-f]{64}/);
    const truncated = loadModelWeights(MANIFEST_URL, fakeFetch(filesFor(manifestFor(entry), bytes.slice(0, -2))));
    await expect(truncated).rejects.toMatchObject({ code: 'model-integrity' });
    await expect(truncated).rejects.toThrow(/weights.bin: expected \d+ bytes, got \d+/);
  });

  it("rejects missing files with 'model-missing' and the setup hint", async () => {
    const { bytes, entry } = await encodeWeights(spec, weights, { path: 'weights.bin', dtype: 'float16' });
    const files = filesFor(manifestFor(entry), bytes);
    files.delete(WEIGHTS_URL);
    const noWeights = loadModelWeights(MANIFEST_URL, fakeFetch(files));
    await expect(noWeights).rejects.toMatchObject({ code: 'model-missing', message: expect.stringContaining(WEIGHTS_URL) });
    await expect(noWeights).rejects.toThrow(/HTTP 404.*npm run setup/);
    const noManifest = loadModelWeights(MANIFEST_URL, fakeFetch(new Map()));
    await expect(noManifest).rejects.toMatchObject({ code: 'model-missing', message: expect.stringContaining(MANIFEST_URL) });
    const offline = loadModelWeights(MANIFEST_URL, async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(offline).rejects.toMatchObject({ code: 'model-missing' });
    await expect(offline).rejects.toThrow(/could not be fetched \(Failed to fetch\).*npm run setup/);
  });

  it("rejects a manifest that is not JSON with 'model-manifest'", async () => {
    const files = new Map([[MANIFEST_URL, new TextEncoder().encode('<!doctype html>')]]);
    await expect(loadModelWeights(MANIFEST_URL, fakeFetch(files))).rejects.toMatchObject({ code: 'model-manifest' });
  });

  it('resolves weight paths relative to a root-relative manifest URL', async () => {
    const { bytes, entry } = await encodeWeights(spec, weights, { path: 'weights.bin', dtype: 'float16' });
    const files = new Map([
      ['/models/tiny-test/manifest.json', new TextEncoder().encode(JSON.stringify(manifestFor(entry)))],
      ['/models/tiny-test/weights.bin', bytes],
    ]);
    const loaded = await loadModelWeights('/models/tiny-test/manifest.json', fakeFetch(files));
    expect(loaded.weights.size).toBe(spec.length);
  });

  it('refuses float16 values that would overflow', async () => {
    const big = new Map(weights);
    big.set('head.bias', new Float32Array(17).fill(1e6));
    await expect(encodeWeights(spec, big, { path: 'w', dtype: 'float16' })).rejects.toThrow(/'head.bias': expected values within ±65504/);
  });
});
