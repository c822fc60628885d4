// Training inputs made by the live page's own preprocessing (issue 3: preprocessing parity).
//
//   npm run prepare-data -- faces [in.npz …] [--out training/cache/<name>] [--batch 256] [--limit N] [--variant pad,border,size]
//   npm run prepare-data -- audio <folder> [--out training/cache/ravdess]
//   npm run prepare-data -- calibrate-faces <in.npz> [--sample 500]
//
// faces: every image → the project's Face Landmarker (IMAGE mode) + alignFace (96×96, luma3) in headless
// Chromium (/tools.html); misses get the median transform of the hits and found = 0. Default input: both
// FER2013 splits from ../shared/data/fer2013. audio: every clip → ffmpeg decode → the page's resampler +
// clipSpectrogram with the default model's input.audio options, in Node (bundled TypeScript).
// Progress goes to stderr; the summary JSON to stdout.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { encodeNpy, encodeNpz, parseNpz } from './lib/npy.mjs';
import { DEFAULT_FACE_PAD_VARIANT, detectionRates, FaceDataError, log, readFaceNpz, runFaceBatches } from './lib/face-runner.mjs';
import { openToolsPage, ROOT, toolVersions } from './lib/tools-browser.mjs';
import { loadToolsNodeModule } from './lib/tools-node.mjs';
import { decodeAudioFile, decodeAudioFiles } from './lib/audio-decode.mjs';
import { parseCliArgs } from './lib/cli-args.mjs';

const CACHE = join(ROOT, 'training/cache');
const FER_DIR = resolve(ROOT, '../shared/data/fer2013');
const EXPRESSIONS = ['Neutral', 'Anger', 'Disgust', 'Fear', 'Happiness', 'Sadness', 'Surprise'];
const CROP_SIZE_PX = 96;

function parseCli(argv) {
  const { positional, options } = parseCliArgs(argv);
  return { command: positional[0], inputs: positional.slice(1), options };
}

function parseVariant(text) {
  if (!text) return { ...DEFAULT_FACE_PAD_VARIANT };
  const [pad, border, size] = String(text).split(',');
  return { padFraction: Number(pad), border, canvasSizePx: Number(size) };
}

/** Writes `bytes` to `path` through a temporary file, so a reader never sees half a file. */
function writeAtomic(path, bytes) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}

// ---------------------------------------------------------------------------------------------- faces

/** Pass-1 batches are kept under <out>.partial/ so an interrupted run resumes where it stopped. */
function partialStore(outPrefix, key) {
  const dir = `${outPrefix}.partial`;
  const keyFile = join(dir, 'key.json');
  if (existsSync(dir) && (!existsSync(keyFile) || readFileSync(keyFile, 'utf8') !== JSON.stringify(key))) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(keyFile, JSON.stringify(key));
  const file = (start) => join(dir, `batch-${String(start).padStart(6, '0')}.npz`);
  return {
    dir,
    load(start, count) {
      if (!existsSync(file(start))) return null;
      const a = parseNpz(new Uint8Array(readFileSync(file(start))));
      if (a.found.shape[0] !== count) return null;
      const t = a.transforms.data;
      return {
        found: Array.from(a.found.data),
        transforms: Array.from(a.found.data, (_, k) => (a.found.data[k] ? Array.from(t.subarray(k * 4, k * 4 + 4)) : null)),
        crops: a.crops.data,
        blendshapes: a.blendshapes.data,
        blendshapeNames: JSON.parse(new TextDecoder().decode(a.names.data)),
        prepareMs: 0,
      };
    },
    save(start, batch) {
      const n = batch.found.length;
      const transforms = new Float32Array(n * 4);
      batch.transforms.forEach((t, k) => t && transforms.set(t, k * 4));
      writeAtomic(file(start), encodeNpz({
        found: { data: Uint8Array.from(batch.found), shape: [n] },
        transforms: { data: transforms, shape: [n, 4] },
        crops: { data: batch.crops, shape: [batch.crops.length] },
        blendshapes: { data: batch.blendshapes, shape: [batch.blendshapes.length] },
        names: { data: new TextEncoder().encode(JSON.stringify(batch.blendshapeNames)), shape: [JSON.stringify(batch.blendshapeNames).length] },
      }));
    },
  };
}

function decodeBatch(result) {
  const crops = new Uint8Array(Buffer.from(result.cropsBase64, 'base64'));
  const raw = Buffer.from(result.blendshapesBase64, 'base64');
  const blendshapes = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  return { ...result, crops, blendshapes };
}

async function prepareFaceSplit(page, inputPath, outPrefix, options, versions) {
  const faces = readFaceNpz(inputPath);
  const limit = options.limit ? Number(options.limit) : faces.count;
  const count = Math.min(limit, faces.count);
  const variant = parseVariant(options.variant);
  const batchSize = Number(options.batch ?? 256);
  const name = basename(outPrefix);
  log(`faces ${inputPath} → ${outPrefix}_*.npy: ${count} images of ${faces.heightPx}×${faces.widthPx}, variant ${JSON.stringify(variant)}`);
  const pixels = CROP_SIZE_PX * CROP_SIZE_PX;
  const crops = new Uint8Array(count * pixels);
  let names = [];
  let blendshapes = null;
  const store = partialStore(outPrefix, { input: resolve(inputPath), size: statSync(inputPath).size, count, variant, batchSize, cropSizePx: CROP_SIZE_PX, commit: versions.gitCommit });
  let resumed = 0;
  const keep = (indices, batch) => {
    if (names.length === 0 && batch.blendshapeNames.length > 0) {
      names = batch.blendshapeNames;
      blendshapes = new Float32Array(count * names.length);
    }
    indices.forEach((index, k) => {
      crops.set(batch.crops.subarray(k * pixels, (k + 1) * pixels), index * pixels);
      if (batch.found[k] && blendshapes) blendshapes.set(batch.blendshapes.subarray(k * names.length, (k + 1) * names.length), index * names.length);
    });
  };
  let prepareMs = 0;
  const run = await runFaceBatches(page, faces, {
    method: 'prepareFaces',
    extraArgs: [CROP_SIZE_PX],
    variant,
    batchSize,
    limit: count,
    label: name,
    resume: (start, n) => {
      const stored = store.load(start, n);
      if (stored) {
        resumed += n;
        keep(Array.from({ length: n }, (_, k) => start + k), stored);
      }
      return stored;
    },
    onBatch: (indices, result, pass) => {
      const batch = decodeBatch(result);
      prepareMs += result.prepareMs;
      if (pass === 1) store.save(indices[0], batch);
      keep(indices, batch);
    },
  });
  if (!blendshapes) throw new Error(`${inputPath}: the landmarker found no face in any of ${count} images; nothing to write`);
  const labels = faces.labels.subarray(0, count);
  const rates = detectionRates(run.found, labels, EXPRESSIONS);
  writeAtomic(`${outPrefix}_crops.npy`, encodeNpy(crops, [count, CROP_SIZE_PX, CROP_SIZE_PX]));
  writeAtomic(`${outPrefix}_labels.npy`, encodeNpy(Int8Array.from(labels), [count]));
  writeAtomic(`${outPrefix}_found.npy`, encodeNpy(run.found, [count]));
  writeAtomic(`${outPrefix}_blendshapes.npy`, encodeNpy(blendshapes, [count, names.length]));
  writeAtomic(`${outPrefix}_transforms.npy`, encodeNpy(run.transforms, [count, 4]));
  const meta = {
    type: 'affectscope-face-cache',
    version: 1,
    source: { file: resolve(inputPath), count: faces.count, used: count, heightPx: faces.heightPx, widthPx: faces.widthPx },
    files: {
      crops: `${name}_crops.npy uint8 (N, 96, 96) = round((luma + 1) · 127.5), luma = BT.601 of the aligned crop (alignFace colorMode 'luma3')`,
      labels: `${name}_labels.npy int8 (N,), ABAW order ${EXPRESSIONS.join(', ')}`,
      found: `${name}_found.npy uint8 (N,): 1 = the landmarker found a face, 0 = crop from the fallback transform`,
      blendshapes: `${name}_blendshapes.npy float32 (N, ${names.length}) MediaPipe blendshape scores, zeros where found = 0`,
      transforms: `${name}_transforms.npy float32 (N, 4) [a, b, tx, ty]: source-image px → crop px (x' = a·x − b·y + tx, y' = b·x + a·y + ty)`,
    },
    blendshapeNames: names,
    preprocessing: {
      padVariant: variant,
      padding: 'for the landmarker only: image centred in a square of side max(W, H)·(1 + 2·padFraction), filled per border, scaled bilinearly to canvasSizePx (src/app/tools/face-prep.ts padAndScale); landmarks are mapped back to the source image',
      landmarker: "MediaPipe FaceLandmarker face_landmarker.task (sha256-checked), CPU delegate, runningMode IMAGE, numFaces 1, blendshapes on (src/io/landmarker.ts)",
      alignment: "alignFace (src/core/geometry) of the SOURCE image: 5-point similarity onto the 96×96 template, bilinear, edge-clamped (as the live page), colorMode 'luma3'",
      missFallback: { rule: 'element-wise median of the hits\' transforms in this file', transform: run.fallback, fromHits: run.fallbackFromHits },
    },
    detection: rates,
    timing: {
      seconds: run.seconds,
      imagesPerSecond: (count - resumed) / Math.max(run.seconds, 1e-3),
      resumedImages: resumed,
      pageMsPerImage: prepareMs / Math.max(1, count - resumed + (count - rates.detected)),
      note: 'wall clock on a shared 2-core machine (other jobs running)',
    },
    tools: versions,
    createdAt: new Date().toISOString(),
  };
  writeAtomic(`${outPrefix}_meta.json`, JSON.stringify(meta, null, 2));
  rmSync(store.dir, { recursive: true, force: true });
  log(`${name}: detection ${(rates.rate * 100).toFixed(1)}% (${rates.detected}/${count}), ${meta.timing.imagesPerSecond.toFixed(1)} images/s`);
  return meta;
}

async function facesCommand(inputs, options) {
  const splits = inputs.length > 0 ? inputs : ['fer2013_PublicTest.npz', 'fer2013_train.npz'].map((f) => join(FER_DIR, f));
  if (options.out && splits.length > 1) throw new FaceDataError('--out names one output; give one input file with it');
  for (const input of splits) readFaceNpz(input); // fail fast on a malformed file, before the browser starts
  const { page, close, browserVersion } = await openToolsPage();
  const versions = toolVersions(browserVersion);
  const summary = { type: 'affectscope-faces-ready', version: 1, splits: {} };
  try {
    await page.evaluate(() => window.affectscopeTools.call('initLandmarker'));
    for (const input of splits) {
      const outPrefix = resolve(options.out ?? join(CACHE, basename(input).replace(/\.npz$/, '')));
      const meta = await prepareFaceSplit(page, input, outPrefix, options, versions);
      summary.splits[basename(outPrefix)] = {
        prefix: outPrefix, count: meta.source.used, detection: meta.detection, padVariant: meta.preprocessing.padVariant,
        fallback: meta.preprocessing.missFallback.transform, imagesPerSecond: meta.timing.imagesPerSecond, seconds: meta.timing.seconds,
      };
    }
  } finally {
    await close();
  }
  if (!options.out && inputs.length === 0 && !options.limit) writeAtomic(join(CACHE, 'READY-faces'), JSON.stringify(summary, null, 2));
  return summary;
}

async function calibrateCommand(inputs, options) {
  const input = inputs[0] ?? join(FER_DIR, 'fer2013_train.npz');
  const faces = readFaceNpz(input);
  const sample = Math.min(Number(options.sample ?? 500), faces.count);
  const stride = Math.floor(faces.count / sample);
  const size = faces.heightPx * faces.widthPx;
  const picked = { ...faces, count: sample, images: new Uint8Array(sample * size), labels: new Int8Array(sample) };
  for (let i = 0; i < sample; i++) {
    picked.images.set(faces.images.subarray(i * stride * size, (i * stride + 1) * size), i * size);
    picked.labels[i] = faces.labels[i * stride];
  }
  const variants = options.variants
    ? String(options.variants).split(';').map(parseVariant)
    : [0.25, 0.5, 0.75, 1].flatMap((padFraction) => ['replicate', 'reflect', 'grey', 'black'].map((border) => ({ padFraction, border, canvasSizePx: 192 })));
  const { page, close } = await openToolsPage();
  const results = [];
  try {
    await page.evaluate(() => window.affectscopeTools.call('initLandmarker'));
    for (const variant of variants) {
      const startedMs = Date.now();
      const answer = await page.evaluate(
        async (request) => window.affectscopeTools.call('prepareFaces', request, 96),
        { imagesBase64: Buffer.from(picked.images).toString('base64'), count: sample, heightPx: faces.heightPx, widthPx: faces.widthPx, variant, fallback: null },
      );
      const rates = detectionRates(Uint8Array.from(answer.found), picked.labels, EXPRESSIONS);
      const row = { variant, rate: rates.rate, imagesPerSecond: sample / ((Date.now() - startedMs) / 1000), perClass: Object.fromEntries(Object.entries(rates.perClass).map(([k, v]) => [k, v.rate])) };
      log(`${JSON.stringify(variant)}: ${(rates.rate * 100).toFixed(1)}%, ${row.imagesPerSecond.toFixed(1)} images/s`);
      results.push(row);
    }
  } finally {
    await close();
  }
  const best = results.reduce((a, b) => (b.rate > a.rate || (b.rate === a.rate && b.imagesPerSecond > a.imagesPerSecond) ? b : a));
  return { type: 'affectscope-face-calibration', input: resolve(input), sample, stride, results, best: best.variant };
}

// ---------------------------------------------------------------------------------------------- audio

async function audioCommand(inputs, options) {
  const folder = inputs[0] ?? resolve(ROOT, '../shared/data/ravdess16k');
  const outPrefix = resolve(options.out ?? join(CACHE, 'ravdess'));
  const tools = await loadToolsNodeModule();
  const files = tools.listAudioFiles(folder);
  const manifest = JSON.parse(readFileSync(join(ROOT, 'public/models', options.model ?? 'av-mt-vgg-rnn-lite-init', 'manifest.json'), 'utf8'));
  const { contextFrames, ...spectrogramOptions } = manifest.input.audio;
  const checked = tools.validateSpectrogramOptions(spectrogramOptions);
  const clips = [];
  const frames = [];
  let total = 0;
  const startedMs = Date.now();
  let dspMs = 0;
  const infos = files.map((file) => tools.parseRavdessName(basename(file))); // fail fast on a stray name
  let i = 0;
  for await (const { pcm, sampleRateHz } of decodeAudioFiles(files.map((file) => join(folder, file)))) {
    const file = files[i], info = infos[i];
    const t1 = Date.now();
    const clip = tools.clipFeatures(pcm, sampleRateHz, checked);
    dspMs += Date.now() - t1;
    clips.push({ file, offset: total, count: clip.frames.length, durationMs: (pcm.length * 1000) / sampleRateHz, sourceRateHz: sampleRateHz, ...info });
    frames.push(...clip.frames);
    total += clip.frames.length;
    i++;
    if (i % 100 === 0 || i === files.length) log(`audio: ${i}/${files.length} clips (${(i / ((Date.now() - startedMs) / 1000)).toFixed(1)} clips/s)`);
  }
  const seconds = (Date.now() - startedMs) / 1000;
  const matrix = new Float32Array(total * checked.freqBins);
  frames.forEach((frame, i) => matrix.set(frame, i * checked.freqBins));
  const hopSamples = tools.hopLengthSamples(checked), windowSamples = tools.windowLengthSamples(checked);
  writeAtomic(`${outPrefix}_frames.npy`, encodeNpy(matrix, [total, checked.freqBins]));
  const index = {
    type: 'affectscope-audio-cache',
    version: 1,
    source: resolve(folder),
    spectrogram: checked,
    contextFrames,
    hopMs: (hopSamples * 1000) / checked.sampleRateHz,
    windowMs: (windowSamples * 1000) / checked.sampleRateHz,
    hopSamples,
    windowSamples,
    frameEndMs: `frame i of a clip (row offset + i of ${basename(outPrefix)}_frames.npy) ends at (i · ${hopSamples} + ${windowSamples}) · 1000 / ${checked.sampleRateHz} ms from the clip start; the model input at video time t is the last ${contextFrames} frames with end ≤ t, oldest first, −1-padded at the start (core/audio contextWindowAt)`,
    emotionCodes: { 1: 'neutral', 2: 'calm', 3: 'happy', 4: 'sad', 5: 'angry', 6: 'fearful', 7: 'disgust', 8: 'surprised' },
    emotionToAbaw: tools.RAVDESS_TO_ABAW,
    abawClasses: EXPRESSIONS,
    clips,
    timing: { seconds, clipsPerSecond: files.length / seconds, dspMs, note: 'ffmpeg decode (4 processes at once) + DSP in Node; shared 2-core machine' },
    createdAt: new Date().toISOString(),
  };
  writeAtomic(`${outPrefix}_index.json`, JSON.stringify(index, null, 1));
  await writeParityFixture(tools, folder, files.slice(0, 2), checked, contextFrames, dirname(outPrefix));
  const summary = { clips: files.length, frames: total, seconds, clipsPerSecond: files.length / seconds, prefix: outPrefix };
  if (!options.out) writeAtomic(join(CACHE, 'READY-audio'), JSON.stringify(summary, null, 2));
  return summary;
}

/** contextWindowAt of two clips at 0, 500 and 1234.5 ms, for testing the Python window builder against the TS one. */
async function writeParityFixture(tools, folder, files, options, contextFrames, outDir) {
  const timesMs = [0, 500, 1234.5];
  const windows = new Float32Array(files.length * timesMs.length * contextFrames * options.freqBins);
  let k = 0;
  for (const file of files) {
    const { pcm, sampleRateHz } = await decodeAudioFile(join(folder, file));
    const clip = tools.clipFeatures(pcm, sampleRateHz, options);
    for (const t of timesMs) windows.set(tools.contextWindowAt(clip, t, contextFrames), (k++) * contextFrames * options.freqBins);
  }
  writeAtomic(join(outDir, 'parity_audio_windows.npy'), encodeNpy(windows, [files.length, timesMs.length, contextFrames, options.freqBins]));
  writeAtomic(join(outDir, 'parity_audio_windows.json'), JSON.stringify({
    array: 'parity_audio_windows.npy float32 (clips, times, contextFrames, freqBins)', files, timesMs, contextFrames, spectrogram: options,
  }, null, 2));
}

// ---------------------------------------------------------------------------------------------- main

const USAGE = 'usage: npm run prepare-data -- faces [in.npz …] [--out PREFIX] | audio <folder> [--out PREFIX] | calibrate-faces [in.npz] [--sample 500]';

async function main() {
  const { command, inputs, options } = parseCli(process.argv.slice(2));
  let summary;
  if (command === 'faces') summary = await facesCommand(inputs, options);
  else if (command === 'audio') summary = await audioCommand(inputs, options);
  else if (command === 'calibrate-faces') summary = await calibrateCommand(inputs, options);
  else throw new FaceDataError(USAGE);
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}

main().catch((error) => {
  log(`prepare-data: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
