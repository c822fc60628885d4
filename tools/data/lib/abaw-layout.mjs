// Reads a folder in the Aff-Wild2 / ABAW challenge layout (for a user who holds the licence; none of it is in ../shared):
//
//   <dir>/cropped_aligned/<video>/<frame>.jpg                  frames numbered from 00001, gaps where no face was found
//   <dir>/[annotations/]VA_Estimation_Challenge/{Train_Set,Validation_Set}/<video>.txt      "valence,arousal"; -5 = no label
//   <dir>/[annotations/]AU_Detection_Challenge/{…}/<video>.txt    "AU1,AU2,AU4,AU6,AU7,AU10,AU12,AU15,AU23,AU24,AU25,AU26"; -1 = no label
//   <dir>/[annotations/]EXPR_Recognition_Challenge/{…}/<video>.txt (or EXPR_Classification_Challenge)
//        "Neutral,Anger,Disgust,Fear,Happiness,Sadness,Surprise,Other": one class index 0–7 per line; -1 = no label
//
// Line k + 1 of an annotation file (after its header) belongs to frame k (frame 00001.jpg is line 2). A frame is
// used when its .jpg exists and at least one task labels it; a label without a frame is skipped.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FaceDataError } from './face-runner.mjs';

export const ABAW_AUS = ['AU1', 'AU2', 'AU4', 'AU6', 'AU7', 'AU10', 'AU12', 'AU15', 'AU23', 'AU24', 'AU25', 'AU26'];
export const ABAW_EXPRESSIONS = ['Neutral', 'Anger', 'Disgust', 'Fear', 'Happiness', 'Sadness', 'Surprise', 'Other'];
export const ABAW_SPLITS = { train: 'Train_Set', validation: 'Validation_Set' };
const TASKS = {
  va: { folders: ['VA_Estimation_Challenge'], columns: ['valence', 'arousal'] },
  au: { folders: ['AU_Detection_Challenge'], columns: ABAW_AUS },
  expr: { folders: ['EXPR_Recognition_Challenge', 'EXPR_Classification_Challenge'], columns: ABAW_EXPRESSIONS },
};

const isDir = (path) => existsSync(path) && statSync(path).isDirectory();

/** True when `dir` looks like an ABAW layout (has cropped_aligned/). */
export function isAbawLayout(dir) {
  return isDir(join(dir, 'cropped_aligned'));
}

function taskFolder(dir, task, split) {
  for (const base of [dir, join(dir, 'annotations'), join(dir, 'Annotations')]) {
    for (const folder of TASKS[task].folders) {
      const path = join(base, folder, ABAW_SPLITS[split]);
      if (isDir(path)) return path;
    }
  }
  return null;
}

/** One annotation file → rows of numbers (one per frame, frame 1 first); checks the header names the task's columns. */
export function parseAnnotationFile(text, task, path) {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0]?.split(',').map((s) => s.trim()) ?? [];
  const columns = TASKS[task].columns;
  if (header.length !== columns.length || header.some((h, k) => h.toLowerCase() !== columns[k].toLowerCase())) {
    throw new FaceDataError(`${path}: expected the header "${columns.join(',')}", got "${lines[0] ?? ''}"`);
  }
  const width = task === 'expr' ? 1 : columns.length;
  return lines.slice(1).map((line, i) => {
    const values = line.split(',').map(Number);
    if (values.length !== width || values.some((v) => !Number.isFinite(v))) {
      throw new FaceDataError(`${path}: line ${i + 2}: expected ${width} number${width > 1 ? 's' : ''}, got "${line}"`);
    }
    return values;
  });
}

const valid = { va: (row) => row[0] !== -5 && row[1] !== -5, au: (row) => row.some((v) => v !== -1), expr: (row) => row[0] !== -1 };

/**
 * The labelled frames of one split: {frames: [{video, frame, path}], va Float32Array (N·2, -5 = none),
 * au Int8Array (N·12, ABAW_AUS order, -1 = none), expr Int8Array (N, 0–7, -1 = none), tasks: which tasks have files}.
 */
export function readAbawSplit(dir, split) {
  if (!isAbawLayout(dir)) throw new FaceDataError(`${dir}: expected an ABAW layout with cropped_aligned/<video>/<frame>.jpg`);
  if (!ABAW_SPLITS[split]) throw new FaceDataError(`--split: expected ${Object.keys(ABAW_SPLITS).join(' or ')}, got ${split}`);
  const annotations = {};
  const tasks = [];
  for (const task of Object.keys(TASKS)) {
    const folder = taskFolder(dir, task, split);
    if (!folder) continue;
    tasks.push(task);
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.txt')).sort()) {
      const video = file.slice(0, -4);
      (annotations[video] ??= {})[task] = parseAnnotationFile(readFileSync(join(folder, file), 'utf8'), task, join(folder, file));
    }
  }
  if (tasks.length === 0) throw new FaceDataError(`${dir}: no ${Object.values(TASKS).flatMap((t) => t.folders).join(' / ')}/${ABAW_SPLITS[split]} folder`);
  const frames = [], va = [], au = [], expr = [];
  for (const video of Object.keys(annotations).sort()) {
    const folder = join(dir, 'cropped_aligned', video);
    if (!isDir(folder)) continue;
    for (const file of readdirSync(folder).filter((f) => /^\d+\.jpg$/i.test(f)).sort()) {
      const line = Number.parseInt(file, 10) - 1;
      const row = (task) => annotations[video][task]?.[line];
      const labelled = Object.keys(TASKS).filter((task) => row(task) && valid[task](row(task)));
      if (labelled.length === 0) continue;
      frames.push({ video, frame: line + 1, path: join(folder, file) });
      va.push(...(labelled.includes('va') ? row('va') : [-5, -5]));
      au.push(...(labelled.includes('au') ? row('au') : ABAW_AUS.map(() => -1)));
      expr.push(labelled.includes('expr') ? row('expr')[0] : -1);
    }
  }
  if (frames.length === 0) throw new FaceDataError(`${dir}: no labelled frame with a .jpg in ${ABAW_SPLITS[split]}`);
  return { frames, va: Float32Array.from(va), au: Int8Array.from(au), expr: Int8Array.from(expr), tasks };
}

/**
 * The frames as grayscale bytes (N·sizePx², frame-major), scaled to sizePx (ABAW's crops are 112×112): one ffmpeg
 * per video.
 */
export function decodeGrayFrames(frames, sizePx = 112) {
  const out = new Uint8Array(frames.length * sizePx * sizePx);
  let i = 0;
  while (i < frames.length) {
    let j = i;
    while (j < frames.length && frames[j].video === frames[i].video) j++;
    // The frames' JPEG bytes one after the other on stdin: exactly these files, in this order.
    const input = Buffer.concat(frames.slice(i, j).map((f) => readFileSync(f.path)));
    const bytes = execFileSync('ffmpeg', ['-v', 'error', '-nostdin', '-f', 'image2pipe', '-c:v', 'mjpeg', '-i', 'pipe:0',
      '-vf', `scale=${sizePx}:${sizePx},format=gray`, '-fps_mode', 'passthrough', '-f', 'rawvideo', '-'], { input, maxBuffer: 1 << 30 });
    if (bytes.length !== (j - i) * sizePx * sizePx) {
      throw new FaceDataError(`${frames[i].video}: expected ${j - i} decoded frames, got ${bytes.length / (sizePx * sizePx)}`);
    }
    out.set(bytes, i * sizePx * sizePx);
    i = j;
  }
  return out;
}
