// What the training-data preparation writes, and where: the cache folder, the ABAW expression order, atomic writes.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from './tools-browser.mjs';

export const CACHE = join(ROOT, 'training/cache');
export const EXPRESSIONS = ['Neutral', 'Anger', 'Disgust', 'Fear', 'Happiness', 'Sadness', 'Surprise'];

/** Writes `bytes` to `path` through a temporary file, so a reader never sees half a file. */
export function writeAtomic(path, bytes) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}
