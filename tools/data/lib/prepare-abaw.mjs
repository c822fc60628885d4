// `prepare-data abaw <dir>`: an ABAW layout's labelled frames (abaw-layout.mjs) → the same face preprocessing as
// FER2013 (prepare-faces.mjs: the app's landmarker + alignment, blendshapes kept) → <out>/abaw_<split>_*.npy, with the
// frames' labels beside them for the Python recipe (training/affectscope_train/abaw.py):
//   abaw_<split>_annotations.npz  va float32 (N, 2) (-5 = none), au int8 (N, 12) ABAW_AUS order (-1 = none),
//                                 expr int8 (N,) 0–7 with 7 = Other (-1 = none)
//   abaw_<split>_frames.json      [[video, frame number], …] in row order
// The intermediate abaw_<split>.npz (grey 112×112 frames; `labels` = the expression where it is one of the 7, else 0,
// as the faces reader wants 0..6) is what prepare-faces reads.
import { join, resolve } from 'node:path';
import { ABAW_AUS, ABAW_SPLITS, decodeGrayFrames, readAbawSplit } from './abaw-layout.mjs';
import { ABAW_FRAME_SIZE_PX } from './abaw-evaluate.mjs';
import { log } from './face-runner.mjs';
import { encodeNpz } from './npy.mjs';
import { facesCommand } from './prepare-faces.mjs';
import { CACHE, writeAtomic } from './training-cache.mjs';

export async function abawCommand(inputs, options) {
  const dir = inputs[0];
  if (!dir) throw new Error('usage: npm run prepare-data -- abaw <ABAW folder> [--out training/cache/abaw] [--limit N]');
  const out = resolve(options.out ?? join(CACHE, 'abaw'));
  const summary = { type: 'affectscope-abaw-ready', version: 1, input: resolve(dir), splits: {} };
  for (const split of Object.keys(ABAW_SPLITS)) {
    const frames = readAbawSplit(dir, split);
    const count = frames.frames.length;
    const prefix = join(out, `abaw_${split}`);
    log(`ABAW ${ABAW_SPLITS[split]}: ${count} labelled frames (tasks: ${frames.tasks.join(', ')}) → ${prefix}_*`);
    writeAtomic(`${prefix}.npz`, encodeNpz({
      images: { data: decodeGrayFrames(frames.frames, ABAW_FRAME_SIZE_PX), shape: [count, ABAW_FRAME_SIZE_PX, ABAW_FRAME_SIZE_PX] },
      labels: { data: Int8Array.from(frames.expr, (e) => (e >= 0 && e <= 6 ? e : 0)), shape: [count] },
    }));
    writeAtomic(`${prefix}_annotations.npz`, encodeNpz({
      va: { data: frames.va, shape: [count, 2] },
      au: { data: frames.au, shape: [count, ABAW_AUS.length] },
      expr: { data: frames.expr, shape: [count] },
    }));
    writeAtomic(`${prefix}_frames.json`, JSON.stringify(frames.frames.map((f) => [f.video, f.frame])));
    const faces = await facesCommand([`${prefix}.npz`], { ...options, out: prefix });
    summary.splits[split] = { frames: count, tasks: frames.tasks, faces: faces.splits[`abaw_${split}`] };
  }
  writeAtomic(join(out, 'READY'), JSON.stringify(summary, null, 2));
  return summary;
}
