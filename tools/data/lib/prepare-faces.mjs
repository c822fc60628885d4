// `prepare-data faces` and `prepare-data calibrate-faces`: face images → the project's Face Landmarker + alignFace
// in headless Chromium (/tools.html), written as .npy under training/cache (see prepare-training-data.mjs).
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { encodeNpy, encodeNpz, parseNpz } from './npy.mjs';
import { DEFAULT_FACE_PAD_VARIANT, detectionRates, FaceDataError, log, readFaceNpz, runFaceBatches } from './face-runner.mjs';
import { openToolsPage, ROOT, toolVersions } from './tools-browser.mjs';
import { CACHE, EXPRESSIONS, writeAtomic } from './training-cache.mjs';

const FER_DIR = resolve(ROOT, '../shared/data/fer2013');
const CROP_SIZE_PX = 96;

function parseVariant(text) {
  if (!text) return { ...DEFAULT_FACE_PAD_VARIANT };
  const [pad, border, size] = String(text).split(',');
  return { padFraction: Number(pad), border, canvasSizePx: Number(size) };
}

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
      padding: 'for the landmarker only: image centred in a square of side max(W, H)·(1 + 2·padFraction), filled per border, scaled bilinearly to canvasSizePx (src/app/pages/tools/face-prep.ts padAndScale); landmarks are mapped back to the source image',
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

export async function facesCommand(inputs, options) {
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

export async function calibrateCommand(inputs, options) {
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
