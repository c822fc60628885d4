import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModelWeights } from '../../src/model/loader';
import { AvStreamingModel } from '../../src/model/streaming';

const outDir = mkdtempSync(join(tmpdir(), 'affectscope-init-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** fetch over the output folder: URLs are file paths. */
const fileFetch = async (path: string) => {
  try {
    const bytes = readFileSync(path);
    return { ok: true, status: 200, arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) };
  } catch {
    return { ok: false, status: 404, arrayBuffer: async () => new ArrayBuffer(0) };
  }
};

describe('tools/weights/make-init-weights.mjs', () => {
  it('writes a LITE model that validates, loads and runs, and lists it in index.json', async () => {
    const run = spawnSync(process.execPath, ['tools/weights/make-init-weights.mjs', '--out', outDir, '--seed', '3'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const index = JSON.parse(readFileSync(join(outDir, 'index.json'), 'utf8'));
    expect(index).toEqual([
      { id: 'av-mt-vgg-rnn-lite-init', name: expect.any(String), trained: false, manifest: 'av-mt-vgg-rnn-lite-init/manifest.json' },
    ]);
    const { manifest, weights } = await loadModelWeights(join(outDir, index[0].manifest), fileFetch);
    expect(manifest.trained).toBe(false);
    expect(manifest.provenance.notes).toMatch(/^untrained: deterministic random initialisation \(seed 3\).*not predictions of affect/);
    expect(manifest.weights[0].tensors.every((t) => t.dtype === 'float16')).toBe(true);

    await tf.setBackend('cpu');
    const model = new AvStreamingModel(manifest.architecture, manifest.config, weights);
    const face = new Float32Array(96 * 96 * 3).fill(0.1);
    const audio = new Float32Array(64 * 128).fill(-0.5);
    const prediction = model.step(face, audio, 0);
    expect(prediction.expressionProbabilities.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 5);
    model.dispose();
  });
});
