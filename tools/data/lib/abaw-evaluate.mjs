// `npm run evaluate -- <ABAW folder>`: the labelled frames of one split (abaw-layout.mjs) through the same face
// preprocessing and model as a faces .npz (face-runner.mjs: landmarker, alignment, miss fallback; one step from a
// reset state, silent audio), scored with the ABAW challenge's metrics (abaw-report.ts).
import { resolve } from 'node:path';
import { writeFileSync } from 'node:fs';
import { ABAW_SPLITS, decodeGrayFrames, readAbawSplit } from './abaw-layout.mjs';
import { DEFAULT_FACE_PAD_VARIANT, evenlySpaced, FaceDataError, log, runFaceBatches } from './face-runner.mjs';
import { openToolsPage, toolVersions } from './tools-browser.mjs';

/** ABAW's cropped-aligned frames are 112×112. */
export const ABAW_FRAME_SIZE_PX = 112;

function pick(split, indices) {
  const take = (array, width) => {
    const out = new array.constructor(indices.length * width);
    indices.forEach((index, k) => out.set(array.subarray(index * width, (index + 1) * width), k * width));
    return out;
  };
  return { ...split, frames: indices.map((i) => split.frames[i]), va: take(split.va, 2), au: take(split.au, 12), expr: take(split.expr, 1) };
}

export async function evaluateAbaw(reports, dir, options, loadModel) {
  const splitName = options.split ?? 'validation';
  if (!ABAW_SPLITS[splitName]) throw new FaceDataError(`--split: expected ${Object.keys(ABAW_SPLITS).join(' or ')}, got ${splitName}`);
  const all = readAbawSplit(dir, splitName);
  const split = options.limit ? pick(all, evenlySpaced(all.frames.length, Number(options.limit))) : all;
  const count = split.frames.length;
  log(`evaluate ABAW ${ABAW_SPLITS[splitName]}: ${count} labelled frames of ${new Set(split.frames.map((f) => f.video)).size} videos (tasks: ${split.tasks.join(', ')})`);
  const faces = {
    images: decodeGrayFrames(split.frames, ABAW_FRAME_SIZE_PX),
    count,
    heightPx: ABAW_FRAME_SIZE_PX,
    widthPx: ABAW_FRAME_SIZE_PX,
    labels: Int8Array.from(split.expr, (e) => (e >= 0 && e <= 6 ? e : 0)), // only for the runner's per-class counts
  };
  const { page, close, browserVersion } = await openToolsPage();
  try {
    const model = await loadModel(page, options);
    await page.evaluate(() => window.affectscopeTools.call('initLandmarker'));
    const rows = new Array(count).fill(null);
    const run = await runFaceBatches(page, faces, {
      method: 'evaluateFaces',
      variant: DEFAULT_FACE_PAD_VARIANT,
      batchSize: Number(options.batch ?? 64),
      label: 'evaluate ABAW frames',
      onBatch: (indices, result) => indices.forEach((index, k) => result.outputs[k] && (rows[index] = result.outputs[k])),
    });
    if (options.predictions) {
      writeFileSync(options.predictions, reports.predictionsCsv(split.frames.map((f, i) => ({
        id: `${f.video}/${String(f.frame).padStart(5, '0')}`, label: split.expr[i], faceFound: run.found[i] === 1, outputs: rows[i],
      }))));
    }
    const detected = run.found.reduce((a, b) => a + b, 0);
    return {
      type: 'affectscope-evaluation',
      kind: 'abaw',
      input: resolve(dir),
      split: ABAW_SPLITS[splitName],
      count,
      videos: new Set(split.frames.map((f) => f.video)).size,
      tasks: split.tasks,
      ...(options.limit ? { subset: `${count} of ${all.frames.length} labelled frames, evenly spaced (--limit)` } : {}),
      model,
      preprocessing: {
        frames: `cropped_aligned .jpg → ffmpeg grayscale ${ABAW_FRAME_SIZE_PX}×${ABAW_FRAME_SIZE_PX} → the faces path: padVariant, landmarker, alignment, miss fallback`,
        padVariant: DEFAULT_FACE_PAD_VARIANT, missFallback: run.fallback, fallbackFromHits: run.fallbackFromHits,
        steps: 'each frame one step from a reset state with silent audio (frames taken one by one, as photos)',
        labels: '-5 (valence/arousal) and -1 (AUs, expression) = no label: that frame is left out of that task',
      },
      faceDetection: { rate: detected / count, detected, count },
      ...reports.abawReport(rows, { va: split.va, au: split.au, expr: split.expr }, model.actionUnitThresholds?.values ?? null),
      ...(options.predictions ? { predictions: resolve(options.predictions) } : {}),
      timing: { seconds: run.seconds, framesPerSecond: count / run.seconds, note: 'shared 2-core machine' },
      tools: toolVersions(browserVersion),
    };
  } finally {
    await close();
  }
}
