// A shipped model on a labelled set, through the live page's own preprocessing in headless Chromium.
//
//   npm run evaluate -- <faces.npz | folder of RAVDESS-named audio | ABAW folder> [--model <id>] [--backend wasm] [--limit N]
//                       [--actors 17-20] [--split validation|train] [--predictions FILE.csv] [--calibrate-au [--write-au-thresholds]]
//
// --limit N takes N items evenly spaced over the file or folder (FER .npz files are sorted by class).
// --predictions FILE writes one CSV row per item: id, label, face found, the 17 outputs (action-unit-report.ts).
// faces also report `actionUnits`: the network's AU outputs against the landmarker's blendshape-measured AUs of the
// same faces (F1 at the model's own AU thresholds and at 0.5, CCC per AU, means, and the mean output per true class).
// --calibrate-au (faces): also chooses per AU the threshold with the best F1 on these faces (`auCalibration`); run it on
// training faces, never on the held-out ones the model card reports. --write-au-thresholds then writes them into
// public/models/<id>/manifest.json as its actionUnitThresholds. An ABAW layout (abaw-layout.mjs; the
// Validation_Set unless --split train): every labelled frame as one face, one step from a reset state with silence
// (the frames are taken one by one, as photos), scored with the challenge's metrics (abaw-report.ts).
// faces .npz (images uint8 (N, H, W), labels ABAW 0..6, optional valence/arousal): each image → the shared face
// preprocessing (tools/data/lib/face-runner.mjs: padding, landmarker, alignment, miss fallback, as prepare-data) →
// the model from a reset state, ONE step, silent audio. Audio folder: each clip → ffmpeg decode in Node (native
// rate) → in the page the StreamingResampler to the model's rate, clipSpectrogram, and the model stepped at
// 30 fps with a mid-grey face from a reset state; the clip's prediction is the argmax of the mean probabilities.
// JSON to stdout, progress to stderr; exit code 1 with a message on bad input.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importTypeScript } from '../build/import-ts.mjs';
import { evaluateAbaw } from './lib/abaw-evaluate.mjs';
import { isAbawLayout } from './lib/abaw-layout.mjs';
import { parseNpz } from './lib/npy.mjs';
import { decodeAudioFiles } from './lib/audio-decode.mjs';
import { DEFAULT_FACE_PAD_VARIANT, evenlySpaced, FaceDataError, log, readFaceNpz, runFaceBatches, subsetFaces } from './lib/face-runner.mjs';
import { openToolsPage, toolVersions } from './lib/tools-browser.mjs';
import { loadToolsNodeModule } from './lib/tools-node.mjs';
import { parseCliArgs } from './lib/cli-args.mjs';

const VIDEO_FPS = 30;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function parseCli(argv) {
  const { positional, options } = parseCliArgs(argv);
  return { input: positional[0], options };
}

const USAGE = 'usage: npm run evaluate -- <faces.npz | audio folder | ABAW folder> [--model <id>] [--backend wasm] [--limit N] [--actors 17-20] [--batch 64] [--split validation] [--predictions FILE] [--calibrate-au [--write-au-thresholds]]';

/** The .npz's `ids` (file names) when it has them, else the row numbers. */
function faceIds(path, count) {
  const { ids } = parseNpz(new Uint8Array(readFileSync(path)), path);
  return ids && Array.isArray(ids.data) && ids.data.length === count ? ids.data : Array.from({ length: count }, (_, i) => String(i));
}

async function loadModel(page, options) {
  return page.evaluate(
    async ({ id, backend }) => window.affectscopeTools.call('loadModel', id, backend),
    { id: options.model ?? null, backend: options.backend ?? 'wasm' },
  );
}

async function evaluateFaces(tools, reports, inputPath, options) {
  const all = readFaceNpz(inputPath); // before the browser starts: a malformed file fails at once
  const picked = options.limit ? evenlySpaced(all.count, Number(options.limit)) : null;
  const faces = picked ? subsetFaces(all, picked) : all;
  const allIds = faceIds(inputPath, all.count);
  const ids = picked ? picked.map((i) => allIds[i]) : allIds;
  const limit = faces.count;
  const { page, close, browserVersion } = await openToolsPage();
  try {
    const model = await loadModel(page, options);
    await page.evaluate(() => window.affectscopeTools.call('initLandmarker'));
    const rows = new Array(limit).fill(null);
    const blendshapes = new Array(limit).fill(null);
    let modelMs = 0;
    const run = await runFaceBatches(page, faces, {
      method: 'evaluateFaces',
      variant: DEFAULT_FACE_PAD_VARIANT,
      batchSize: Number(options.batch ?? 64),
      limit,
      label: 'evaluate faces',
      onBatch: (indices, result) => {
        modelMs += result.modelMs;
        indices.forEach((index, k) => {
          if (result.outputs[k]) rows[index] = result.outputs[k];
          if (result.found[k] && result.blendshapes[k]) blendshapes[index] = result.blendshapes[k];
        });
      },
    });
    const labels = Array.from(faces.labels.subarray(0, limit));
    const slice = (values) => (values ? Array.from(values.subarray(0, limit)) : undefined);
    const report = tools.faceEvaluation(rows, labels, Array.from(run.found), slice(faces.valence), slice(faces.arousal));
    if (options.predictions) {
      writeFileSync(options.predictions, reports.predictionsCsv(rows.map((outputs, i) => ({ id: ids[i], label: labels[i], faceFound: run.found[i] === 1, outputs }))));
    }    return {
      type: 'affectscope-evaluation',
      kind: 'faces',
      input: resolve(inputPath),
      count: limit,
      ...(options.limit ? { subset: `${limit} of ${all.count} images, evenly spaced (--limit)` } : {}),
      model,
      preprocessing: { padVariant: DEFAULT_FACE_PAD_VARIANT, missFallback: run.fallback, fallbackFromHits: run.fallbackFromHits, audio: 'silence (all −1: the context window before any frame)' },
      ...report,
      actionUnits: reports.actionUnitReport(rows, labels, blendshapes, model.actionUnitThresholds?.values ?? null),
      ...(options['calibrate-au'] ? { auCalibration: calibrate(reports, rows, blendshapes, inputPath, limit, all.count, model, options) } : {}),
      ...(options.predictions ? { predictions: resolve(options.predictions) } : {}),
      timing: { seconds: run.seconds, facesPerSecond: limit / run.seconds, modelMsPerFace: modelMs / limit, note: 'shared 2-core machine' },
      tools: toolVersions(browserVersion),
    };
  } finally {
    await close();
  }
}

/** Per-AU thresholds chosen on these faces (--calibrate-au); written into the model's manifest with --write-au-thresholds. */
function calibrate(reports, rows, blendshapes, inputPath, count, total, model, options) {
  const calibration = reports.calibrateActionUnitThresholds(rows, blendshapes);
  if (!calibration) throw new FaceDataError('--calibrate-au: no face had both network outputs and blendshapes');
  const chosenOn = `${calibration.faces} faces of ${basename(inputPath)} (${count === total ? 'all' : `${count} of ${total}, evenly spaced`}) the landmarker found, ` +
    `${calibration.rule} (npm run evaluate -- <faces> --calibrate-au)`;
  if (options['write-au-thresholds']) {
    const path = join(ROOT, 'public/models', model.id, 'manifest.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8'));
    manifest.actionUnitThresholds = { values: calibration.values, chosenOn };
    writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
    log(`wrote actionUnitThresholds into ${path}: rebuild the app (npm run build) to serve them`);
  }
  return { ...calibration, chosenOn, written: Boolean(options['write-au-thresholds']) };
}

async function evaluateAudio(tools, reports, folder, options) {
  let files = tools.listAudioFiles(folder).map((file) => ({ file, ...tools.parseRavdessName(file) }));
  if (options.actors) {
    const actors = tools.parseActorRange(String(options.actors));
    files = files.filter((f) => actors.has(f.actor));
  }
  if (options.limit) files = evenlySpaced(files.length, Number(options.limit)).map((i) => files[i]);
  if (files.length === 0) throw new FaceDataError(`${folder}: no clip left after --actors ${options.actors}`);
  const { page, close, browserVersion } = await openToolsPage();
  try {
    const model = await loadModel(page, options);
    if (model.architecture !== 'av-mt-vgg-rnn') throw new FaceDataError(`model ${model.id} (${model.architecture}) has no audio input`);
    const startedMs = Date.now();
    const clips = [];
    let i = 0, dspMs = 0, modelMs = 0, steps = 0;
    for await (const { pcm, sampleRateHz } of decodeAudioFiles(files.map((f) => join(folder, f.file)))) {
      const info = files[i++];
      const result = await page.evaluate(
        async (request) => window.affectscopeTools.call('evaluateClip', request),
        { pcmBase64: Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength).toString('base64'), sampleRateHz, fps: VIDEO_FPS },
      );
      dspMs += result.dspMs;
      modelMs += result.modelMs;
      steps += result.steps;
      const predicted = tools.predictedExpression(result.meanOutputs);
      clips.push({ file: info.file, actor: info.actor, emotion: info.emotion, label: tools.RAVDESS_TO_ABAW[info.emotion], predicted, steps: result.steps, meanOutputs: result.meanOutputs });
      if (i % 10 === 0 || i === files.length) log(`evaluate audio: ${i}/${files.length} clips (${(i / ((Date.now() - startedMs) / 1000)).toFixed(2)} clips/s)`);
    }
    const seconds = (Date.now() - startedMs) / 1000;
    const expression = tools.expressionMetrics(clips.map((c) => c.predicted), clips.map((c) => c.label));
    if (options.predictions) {
      // A clip's outputs: the mean over its steps; "face found" is 0 (a mid-grey face).
      writeFileSync(options.predictions, reports.predictionsCsv(clips.map((c) => ({ id: c.file, label: c.label, faceFound: false, outputs: c.meanOutputs }))));
    }
    return {
      type: 'affectscope-evaluation',
      kind: 'audio',
      input: resolve(folder),
      count: clips.length,
      actors: [...new Set(clips.map((c) => c.actor))].sort((a, b) => a - b),
      model,
      preprocessing: {
        decode: 'ffmpeg in Node at the file\'s own rate, mono; the page resamples with StreamingResampler when it differs from the model\'s',
        steps: `model from a reset state at t = k/${VIDEO_FPS} s while t ≤ clip duration; face = mid-grey (0); audio = contextWindowAt(clipSpectrogram, t)`,
        clipPrediction: 'argmax of the mean expression probabilities over the steps',
        labelMap: 'RAVDESS 01 neutral, 02 calm → Neutral; 03 → Happiness; 04 → Sadness; 05 → Anger; 06 → Fear; 07 → Disgust; 08 → Surprise',
      },
      expression,
      clips: clips.map(({ meanOutputs, ...clip }) => clip),
      ...(options.predictions ? { predictions: resolve(options.predictions) } : {}),
      timing: { seconds, clipsPerSecond: clips.length / seconds, stepsPerSecond: steps / (modelMs / 1000), dspMsPerClip: dspMs / clips.length, note: 'shared 2-core machine' },
      tools: toolVersions(browserVersion),
    };
  } finally {
    await close();
  }
}

async function main() {
  const { input, options } = parseCli(process.argv.slice(2));
  if (!input) throw new FaceDataError(USAGE);
  let stat;
  try {
    stat = statSync(input);
  } catch {
    throw new FaceDataError(`${input}: no such file or folder. ${USAGE}`);
  }
  if (options.limit !== undefined && !(Number.isInteger(Number(options.limit)) && Number(options.limit) > 0)) throw new FaceDataError(`--limit: expected a positive integer, got ${options.limit}`);
  if (options.backend && !['wasm', 'cpu', 'webgl', 'webgpu'].includes(options.backend)) throw new FaceDataError(`--backend: expected wasm, cpu, webgl or webgpu, got ${options.backend}`);
  const tools = await loadToolsNodeModule();
  const reports = await importTypeScript('tools/data/lib/evaluation-entry.ts');
  let report;
  if (!stat.isDirectory()) report = await evaluateFaces(tools, reports, input, options);
  else if (isAbawLayout(input)) report = await evaluateAbaw(reports, input, options, loadModel);
  else report = await evaluateAudio(tools, reports, input, options);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main().catch((error) => {
  log(`evaluate: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
