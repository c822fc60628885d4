// Faces through the tools page in batches, shared by prepare-training-data.mjs (training crops) and
// evaluate.mjs (a model on labelled faces), so both see the same padding, landmarker, alignment and
// miss fallback. Two passes: every image through the landmarker, then the misses again with the
// element-wise median of the hits' alignment transforms (FER faces are roughly centred).
import { readFileSync } from 'node:fs';
import { parseNpz } from './npy.mjs';

/**
 * How a FER-style 48×48 tight crop is framed for the landmarker: chosen by `prepare-data calibrate-faces`
 * (best detection rate of the variants tried on 500 FER2013 training images; see the helper's report).
 */
export const DEFAULT_FACE_PAD_VARIANT = Object.freeze({ padFraction: 0.25, border: 'black', canvasSizePx: 192 });

/**
 * Miss fallback when a run has no hit at all to take the median of (e.g. a tiny evaluation set): the median
 * transform of the 27,708 hits on FER2013 train (source px of a 48×48 image → 96×96 crop px), measured by
 * `npm run prepare-data -- faces`. Only meaningful for 48×48 FER-style crops.
 */
export const DEFAULT_FALLBACK_TRANSFORM = Object.freeze({ a: 1.7165, b: 0.0075, tx: 7.297, ty: 12.834 });

export const log = (message) => process.stderr.write(`${message}\n`);

export class FaceDataError extends Error {}

/**
 * Reads a faces .npz: `images` uint8 (N, H, W), `labels` integers in ABAW order (0..6), optional float
 * `valence`/`arousal` (N,). Throws FaceDataError saying what is wrong.
 */
export function readFaceNpz(path) {
  let bytes;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new FaceDataError(`${path}: cannot read (${error.code ?? error.message})`);
  }
  let arrays;
  try {
    arrays = parseNpz(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
  } catch (error) {
    throw new FaceDataError(error.message);
  }
  const { images, labels } = arrays;
  if (!images) throw new FaceDataError(`${path}: expected an array 'images', got ${Object.keys(arrays).join(', ') || 'none'}`);
  if (images.descr !== '|u1' || images.shape.length !== 3) {
    throw new FaceDataError(`${path}: expected 'images' uint8 (N, H, W), got ${images.descr} (${images.shape.join(', ')})`);
  }
  const [count, heightPx, widthPx] = images.shape;
  if (count === 0 || heightPx < 8 || widthPx < 8) throw new FaceDataError(`${path}: expected at least one image of ≥ 8×8 px, got (${images.shape.join(', ')})`);
  const checkVector = (name, array) => {
    if (array.shape.length !== 1 || array.shape[0] !== count || Array.isArray(array.data)) {
      throw new FaceDataError(`${path}: expected '${name}' numeric (${count},), got ${array.descr} (${array.shape.join(', ')})`);
    }
  };
  if (!labels) throw new FaceDataError(`${path}: expected an array 'labels' (ABAW order 0..6), got none`);
  checkVector('labels', labels);
  const labelValues = Int8Array.from(labels.data, Number);
  const bad = labelValues.findIndex((c, i) => !(c >= 0 && c <= 6) || Number(labels.data[i]) !== c);
  if (bad >= 0) throw new FaceDataError(`${path}: expected labels in 0..6 (ABAW order), got ${labels.data[bad]} at index ${bad}`);
  const optional = {};
  for (const name of ['valence', 'arousal']) {
    if (!arrays[name]) continue;
    checkVector(name, arrays[name]);
    optional[name] = Float64Array.from(arrays[name].data, Number);
  }
  return { images: images.data, count, heightPx, widthPx, labels: labelValues, ...optional };
}

/** `count` indices spread evenly over [0, total) (every one when count ≥ total): a quick run sees every class of a class-sorted file. */
export function evenlySpaced(total, count) {
  if (count >= total) return Array.from({ length: total }, (_, i) => i);
  return Array.from({ length: count }, (_, i) => Math.floor((i * total) / count));
}

/** The images, labels and optional valence/arousal of `faces` at `indices`, as a faces object of its own. */
export function subsetFaces(faces, indices) {
  const size = faces.heightPx * faces.widthPx;
  const images = new Uint8Array(indices.length * size);
  indices.forEach((index, k) => images.set(faces.images.subarray(index * size, (index + 1) * size), k * size));
  const pick = (values) => (values ? Float64Array.from(indices, (i) => values[i]) : undefined);
  const subset = { ...faces, images, count: indices.length, labels: Int8Array.from(indices, (i) => faces.labels[i]) };
  for (const name of ['valence', 'arousal']) if (faces[name]) subset[name] = pick(faces[name]);
  return subset;
}

/** Bytes of the images at `indices` of an image-major uint8 array. */
function imageSlice(faces, indices) {
  const size = faces.heightPx * faces.widthPx;
  const out = new Uint8Array(indices.length * size);
  indices.forEach((index, k) => out.set(faces.images.subarray(index * size, (index + 1) * size), k * size));
  return out;
}

/** Element-wise median of [a, b, tx, ty] rows (as src/app/pages/tools/face-prep.ts medianTransform). */
export function medianTransform(rows) {
  if (rows.length === 0) return null;
  const median = (k) => {
    const sorted = rows.map((r) => r[k]).sort((x, y) => x - y);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  return { a: median(0), b: median(1), tx: median(2), ty: median(3) };
}

function progress(what, done, total, startedMs) {
  const seconds = (Date.now() - startedMs) / 1000;
  const rate = done / Math.max(seconds, 1e-3);
  const etaS = rate > 0 ? Math.round((total - done) / rate) : 0;
  log(`${what}: ${done}/${total} (${rate.toFixed(1)}/s, ${seconds.toFixed(0)} s, eta ${etaS} s)`);
}

/**
 * Runs `method` ('prepareFaces' | 'evaluateFaces') of the tools page on every image of `faces`.
 * `onBatch(indices, result, pass)` receives each batch's answer (pass 1: all images without fallback; pass 2:
 * the misses with the fallback). `skip(start)` may return a stored pass-1 result to resume from.
 * Returns {found: Uint8Array, transforms: Float32Array (N·4), fallback, seconds}.
 */
export async function runFaceBatches(page, faces, { method, extraArgs = [], variant = DEFAULT_FACE_PAD_VARIANT, batchSize = 256, limit = faces.count, onBatch, resume = () => null, label = 'faces' }) {
  const count = Math.min(limit, faces.count);
  const found = new Uint8Array(count);
  const transforms = new Float32Array(count * 4);
  const startedMs = Date.now();
  const call = (indices, fallback) =>
    page.evaluate(
      async ({ method, request, extraArgs }) => window.affectscopeTools.call(method, request, ...extraArgs),
      {
        method,
        extraArgs,
        request: {
          imagesBase64: Buffer.from(imageSlice(faces, indices)).toString('base64'),
          count: indices.length, heightPx: faces.heightPx, widthPx: faces.widthPx, variant, fallback,
        },
      },
    );
  const record = (indices, result) => {
    indices.forEach((index, k) => {
      found[index] = result.found[k];
      if (result.transforms[k]) transforms.set(result.transforms[k], index * 4);
    });
  };
  for (let start = 0; start < count; start += batchSize) {
    const indices = Array.from({ length: Math.min(batchSize, count - start) }, (_, k) => start + k);
    let result = resume(start, indices.length);
    if (!result) {
      result = await call(indices, null);
      await onBatch(indices, result, 1);
    }
    record(indices, result);
    progress(`${label} (landmarker)`, start + indices.length, count, startedMs);
  }
  const hits = [];
  for (let i = 0; i < count; i++) if (found[i]) hits.push(Array.from(transforms.subarray(i * 4, i * 4 + 4)));
  const fallback = medianTransform(hits) ?? { ...DEFAULT_FALLBACK_TRANSFORM };
  const misses = [];
  for (let i = 0; i < count; i++) if (!found[i]) misses.push(i);
  const missesStartedMs = Date.now();
  for (let start = 0; start < misses.length; start += batchSize) {
    const indices = misses.slice(start, start + batchSize);
    const result = await call(indices, fallback);
    record(indices, result);
    await onBatch(indices, result, 2);
    progress(`${label} (misses, median transform)`, start + indices.length, misses.length, missesStartedMs);
  }
  return { count, found, transforms, fallback, fallbackFromHits: hits.length > 0, seconds: (Date.now() - startedMs) / 1000 };
}

/** Detection rate overall and per class (ABAW names), from found flags and labels. */
export function detectionRates(found, labels, classNames) {
  const perClass = {};
  classNames.forEach((name, c) => {
    let n = 0, hits = 0;
    for (let i = 0; i < found.length; i++) if (labels[i] === c) { n++; hits += found[i]; }
    perClass[name] = { count: n, detected: hits, rate: n ? hits / n : null };
  });
  const hits = found.reduce((a, b) => a + b, 0);
  return { count: found.length, detected: hits, rate: found.length ? hits / found.length : null, perClass };
}
