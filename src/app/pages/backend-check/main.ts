/**
 * /backends.html: runs the default model on the same seeded input on every tfjs backend this browser has,
 * and shows whether the outputs agree with cpu and whether a streaming step leaks tensors.
 */
import { errorMessage } from '../../../core/errors';
import * as tf from '@tensorflow/tfjs-core';
import { requireModel } from '../../../core/model-index';
import { loadModelIndex, modelManifestUrl } from '../../../io/assets';
import type { BackendName } from '../../../model';
import { loadModelWeights } from '../../../model';
import { renderReport, renderRow } from './render';
import type { BackendCheck, BackendCheckReport } from './report';
import { maxAbsDiff } from './report';
import { runBackend } from './run-backend';
import { syntheticSequence } from './synthetic-input';

/** cpu first: it is the reference the others are compared with. */
const BACKEND_ORDER: readonly BackendName[] = ['cpu', 'wasm', 'webgl', 'webgpu'];
const SEED = 20190701;
// `?model=<id>&frames=N&backends=cpu,wasm&faces=N` (used by `npm run bench`); defaults: the app's default model, 4 frames, all.
const params = new URLSearchParams(window.location.search);
const FRAMES = Math.max(2, Number(params.get('frames')) || 4);
// `&faces=N` (2–4): also time N faces a frame stepped one after another vs as one batch (bench/live.mjs --faces=N)
const FACES = Math.min(4, Math.max(1, Math.floor(Number(params.get('faces')) || 1)));
const REQUESTED = params.get('backends')?.split(',') ?? BACKEND_ORDER;
const BACKENDS = BACKEND_ORDER.filter((name) => REQUESTED.includes(name));

function element<T extends HTMLElement>(testId: string): T {
  const found = document.querySelector<T>(`[data-testid="${testId}"]`);
  if (!found) throw new Error(`backends.html: element [data-testid="${testId}"] is missing`);
  return found;
}

/** Loaded once: every backend's model is built from the same verified weights. */
async function loadRequestedModel() {
  const entry = requireModel(await loadModelIndex(), params.get('model'));
  return loadModelWeights(modelManifestUrl(entry));
}

async function main(): Promise<void> {
  const container = element<HTMLElement>('backend-check');
  const status = element<HTMLElement>('backend-status');
  const table = element<HTMLTableElement>('backend-table');
  const pre = element<HTMLElement>('backend-report');
  try {
    status.textContent = 'loading the model…';
    const loaded = await loadRequestedModel();
    const { config, architecture } = loaded.manifest;
    const faceShape = [config.face.cropSizePx, config.face.cropSizePx, config.face.channels];
    const audioShape = architecture === 'av-mt-vgg-rnn' ? [config.audio.contextFrames, config.audio.freqBins] : null;
    const faceSize = faceShape.reduce((a, b) => a * b, 1);
    const audioSize = audioShape ? audioShape[0] * audioShape[1] : 0;
    const input = syntheticSequence(SEED, FRAMES, faceSize, audioSize);
    const report: BackendCheckReport = {
      type: 'affectscope-backend-check',
      version: 1,
      tfjsVersion: tf.version_core,
      model: { id: loaded.manifest.id, trained: loaded.manifest.trained },
      input: { seed: SEED, frames: FRAMES, faceShape, audioShape },
      backends: [],
    };
    let cpuOutputs: number[][] | null = null;
    for (const name of BACKENDS) {
      status.textContent = `running ${name}… (WebGPU on a software adapter compiles shaders for several seconds)`;
      const check: BackendCheck = await runBackend(name, loaded, input, FACES);
      if (check.status === 'ran') {
        if (name === 'cpu') cpuOutputs = check.outputs;
        else if (cpuOutputs) check.maxAbsDiffVsCpu = maxAbsDiff(check.outputs, cpuOutputs);
      }
      report.backends.push(check);
      renderRow(table, check);
      renderReport(pre, report);
    }
    status.textContent = `done: ${report.backends.filter((b) => b.status === 'ran').length} of ${BACKENDS.length} backends ran`;
    container.dataset.state = 'done';
  } catch (error) {
    status.textContent = `failed: ${errorMessage(error)}`;
    container.dataset.state = 'failed';
    throw error;
  }
}

void main();
