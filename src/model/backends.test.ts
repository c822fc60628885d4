import * as tf from '@tensorflow/tfjs-core';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AffectPrediction } from '../core/labels';
import type { AdapterProbes } from './adapter-probe';
import { resolveBackend } from './backends';
import { AvStreamingModel } from './streaming';
import { syntheticSequence, TINY_CONFIG, tinyWeights } from './test-fixtures';

// In Node the wasm backend reads its .wasm files from disk: a file path ending in '/'.
const WASM_PATH_PREFIX = fileURLToPath(new URL('../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url));

function flatten(p: AffectPrediction): number[] {
  return [p.valence, p.arousal, ...p.actionUnitProbabilities, ...p.expressionProbabilities];
}

const noGpu: AdapterProbes = {
  webgpu: async () => ({ available: false, reason: 'navigator.gpu is missing' }),
  webgl: () => ({ available: false, reason: 'no canvas' }),
};

describe('resolveBackend', () => {
  it('falls back in order and reports why each backend was skipped (Node: no GPU)', async () => {
    const { name, skipped } = await resolveBackend(['webgpu', 'webgl', 'cpu']);
    expect(name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(skipped.map((s) => s.name)).toEqual(['webgpu', 'webgl']);
    expect(skipped[0].reason).toMatch(/navigator.gpu is missing/);
  });

  it('skips software adapters unless allowed', async () => {
    let webgpuAsked = 0;
    const software: AdapterProbes = {
      webgpu: async () => {
        webgpuAsked++;
        return { available: true, software: true, description: 'Google SwiftShader' };
      },
      webgl: () => ({ available: true, software: true, description: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device))' }),
    };
    const { name, skipped } = await resolveBackend(['webgpu', 'webgl', 'cpu'], { probes: software });
    expect(name).toBe('cpu');
    expect(webgpuAsked).toBe(1);
    expect(skipped[0].reason).toMatch(/software fallback \(Google SwiftShader\)/);
    expect(skipped[1].reason).toMatch(/software fallback \(ANGLE .*SwiftShader/);
    // Allowed (the user forced it): the probe passes, then tfjs itself fails in Node; the failure is caught.
    const forced = resolveBackend(['webgpu'], { probes: software, allowSoftwareAdapter: true });
    await expect(forced).rejects.toMatchObject({ code: 'webgpu-missing' });
    await expect(forced).rejects.toThrow(/^no available backend found\. ERR: \[webgpu\] (?!adapter is a software)/);
  });

  it("throws 'backend-unavailable' listing every failure", async () => {
    const failing = resolveBackend(['webgpu', 'webgl'], { probes: noGpu });
    await expect(failing).rejects.toMatchObject({ code: 'backend-unavailable' });
    await expect(failing).rejects.toThrow('no available backend found. ERR: [webgpu] navigator.gpu is missing, [webgl] no canvas');
    await expect(resolveBackend([])).rejects.toMatchObject({ code: 'invalid-options' });
  });

  it('initialises wasm with single-threaded SIMD', async () => {
    const { name } = await resolveBackend(['wasm'], { wasmPathPrefix: WASM_PATH_PREFIX });
    expect(name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')).toBe(false);
  });
});

describe('A/V-MT-VGG-RNN across backends', () => {
  it('gives the same outputs on cpu and wasm (within 1e-4), with no leak on wasm', async () => {
    const { faces, audios } = syntheticSequence(TINY_CONFIG, 4, 3);
    const results: number[][][] = [];
    for (const backend of ['cpu', 'wasm'] as const) {
      await resolveBackend([backend], { wasmPathPrefix: WASM_PATH_PREFIX });
      const model = new AvStreamingModel('av-mt-vgg-rnn', TINY_CONFIG, tinyWeights('av-mt-vgg-rnn'));
      const streamed = faces.map((face, t) => flatten(model.step(face, audios[t], 33 * t)));
      const numTensors = tf.memory().numTensors;
      for (let t = 0; t < 10; t++) model.step(faces[t % 4], audios[t % 4], 1000 + t);
      expect(tf.memory().numTensors, backend).toBe(numTensors);
      const batch = model.runSequence(faces, audios).map(flatten);
      batch.forEach((row, t) => row.forEach((v, i) => expect(Math.abs(v - streamed[t][i]), `${backend} step/batch`).toBeLessThan(1e-5)));
      results.push(streamed);
      model.dispose();
    }
    const [cpu, wasm] = results;
    cpu.forEach((row, t) => row.forEach((v, i) => expect(Math.abs(v - wasm[t][i])).toBeLessThan(1e-4)));
  });
});
