// A shipped model on a labelled set, through the live page's own preprocessing in headless Chromium.
//
//   npm run evaluate -- <faces.npz | folder of RAVDESS-named audio> [--model <id>] [--backend wasm] [--limit N] [--actors 17-20]
//
// --limit N takes N items evenly spaced over the file or folder (FER .npz files are sorted by class).
// faces .npz (images uint8 (N, H, W), labels ABAW 0..6, optional valence/arousal): each image → the shared face
// preprocessing (tools/data/lib/face-runner.mjs: padding, landmarker, alignment, miss fallback, as prepare-data) →
// the model from a reset state, ONE step, silent audio. Audio folder: each clip → ffmpeg decode in Node (native
// rate) → in the page the StreamingResampler to the model's rate, clipSpectrogram, and the model stepped at
// 30 fps with a mid-grey face from a reset state; the clip's prediction is the argmax of the mean probabilities.
// JSON to stdout, progress to stderr; exit code 1 with a message on bad input.
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeAudioFiles } from './lib/audio-decode.mjs';
import { DEFAULT_FACE_PAD_VARIANT, evenlySpaced, FaceDataError, log, readFaceNpz, runFaceBatches, subsetFaces } from './lib/face-runner.mjs';
import { openToolsPage, toolVersions } from './lib/tools-browser.mjs';
import { loadToolsNodeModule } from './lib/tools-node.mjs';
import { parseCliArgs } from './lib/cli-args.mjs';

const VIDEO_FPS = 30;

function parseCli(argv) {
  const { positional, options } = parseCliArgs(argv);
  return { input: positional[0], options };
}

const USAGE = 'usage: npm run evaluate -- <faces.npz | audio folder> [--model <id>] [--backend wasm] [--limit N] [--actors 17-20] [--batch 64]';

async function loadModel(page, options) {
  return page.evaluate(
    async ({ id, backend }) => window.affectscopeTools.call('loadModel', id, backend),
    { id: options.model ?? null, backend: options.backend ?? 'wasm' },
  );
}

async function evaluateFaces(tools, inputPath, options) {
  const all = readFaceNpz(inputPath); // before the browser starts: a malformed file fails at once
  const faces = options.limit ? subsetFaces(all, evenlySpaced(all.count, Number(options.limit))) : all;
  const limit = faces.count;
  const { page, close, browserVersion } = await openToolsPage();
  try {
    const model = await loadModel(page, options);
    await page.evaluate(() => window.affectscopeTools.call('initLandmarker'));
    const rows = new Array(limit).fill(null);
    let modelMs = 0;
    const run = await runFaceBatches(page, faces, {
      method: 'evaluateFaces',
      variant: DEFAULT_FACE_PAD_VARIANT,
      batchSize: Number(options.batch ?? 64),
      limit,
      label: 'evaluate faces',
      onBatch: (indices, result) => {
        modelMs += result.modelMs;
        indices.forEach((index, k) => result.outputs[k] && (rows[index] = result.outputs[k]));
      },
    });
    const labels = Array.from(faces.labels.subarray(0, limit));
    const slice = (values) => (values ? Array.from(values.subarray(0, limit)) : undefined);
    const report = tools.faceEvaluation(rows, labels, Array.from(run.found), slice(faces.valence), slice(faces.arousal));
    return {
      type: 'affectscope-evaluation',
      kind: 'faces',
      input: resolve(inputPath),
      count: limit,
      ...(options.limit ? { subset: `${limit} of ${all.count} images, evenly spaced (--limit)` } : {}),
      model,
      preprocessing: { padVariant: DEFAULT_FACE_PAD_VARIANT, missFallback: run.fallback, fallbackFromHits: run.fallbackFromHits, audio: 'silence (all −1: the context window before any frame)' },
      ...report,
      timing: { seconds: run.seconds, facesPerSecond: limit / run.seconds, modelMsPerFace: modelMs / limit, note: 'shared 2-core machine' },
      tools: toolVersions(browserVersion),
    };
  } finally {
    await close();
  }
}

async function evaluateAudio(tools, folder, options) {
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
      clips.push({ file: info.file, actor: info.actor, emotion: info.emotion, label: tools.RAVDESS_TO_ABAW[info.emotion], predicted, steps: result.steps });
      if (i % 10 === 0 || i === files.length) log(`evaluate audio: ${i}/${files.length} clips (${(i / ((Date.now() - startedMs) / 1000)).toFixed(2)} clips/s)`);
    }
    const seconds = (Date.now() - startedMs) / 1000;
    const expression = tools.expressionMetrics(clips.map((c) => c.predicted), clips.map((c) => c.label));
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
      clips,
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
  const report = stat.isDirectory() ? await evaluateAudio(tools, input, options) : await evaluateFaces(tools, input, options);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main().catch((error) => {
  log(`evaluate: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
