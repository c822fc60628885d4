// Where `affectscope analyze` writes: one folder per video under --out, written beside and renamed into place, the
// done.json that marks it complete, and the lock that keeps two runs out of one --out.
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { FatalError, UsageError } from './analyze-cli.mjs';

export const VIDEO_EXTENSIONS = new Set(['.mp4', '.m4v', '.mov', '.webm', '.mkv']);
const OUTPUT_FILES = ['frames.csv', 'frames.json', 'VA_Estimation.txt', 'EXPR_Recognition.txt', 'AU_Detection.txt'];
/** A face track's ABAW file as the page streams it (track<id>_…, src/app/file-analysis/outputs.ts), and as it is kept. */
const STREAMED_TRACK_FILE = /^track\d+_(VA_Estimation|EXPR_Recognition|AU_Detection)\.txt$/;
const TRACK_FILE = /^(left|right|track\d+)_(VA_Estimation|EXPR_Recognition|AU_Detection)\.txt$/;
const MARKER = 'done.json';
/** In --out while a run writes there: {pid}. Created exclusively, so two runs never write one folder. */
const LOCK_FILE = '.affectscope-analyze.lock';
/** Longest folder stem, in code points: 80 CJK characters are 240 bytes of UTF-8, under the usual 255-byte name limit. */
const MAX_STEM_LENGTH = 80;

/** A file stem as a folder name: letters, digits and marks of any script, "." "_" "-"; anything else folds to "_". */
function safeStem(path) {
  const stem = basename(path, extname(path)).normalize('NFC').replace(/[^\p{L}\p{M}\p{N}._-]+/gu, '_').replace(/^[._]+/, '');
  return [...stem].slice(0, MAX_STEM_LENGTH).join('') || 'video';
}

/** Groups `items` by `key` case-insensitively (results may land on a case-insensitive disk). */
function clashes(items, key) {
  const counts = new Map();
  for (const item of items) counts.set(key(item).toLowerCase(), (counts.get(key(item).toLowerCase()) ?? 0) + 1);
  return (item) => counts.get(key(item).toLowerCase()) > 1;
}

/**
 * The videos to analyse, sorted, each with its own result folder: the file's stem; "stem_ext" where two
 * stems are the same; and where names still fold together ("a b.mp4", "a_b.mp4"), "stem_ext_" + the first
 * 8 hex digits of the SHA-256 of the file name. Deterministic, so a rerun finds its results again.
 */
export function listVideos(input) {
  if (!existsSync(input)) throw new UsageError(`${input} does not exist`);
  const paths = statSync(input).isDirectory()
    ? readdirSync(input).filter((n) => VIDEO_EXTENSIONS.has(extname(n).toLowerCase())).sort().map((n) => join(input, n)).filter((p) => statSync(p).isFile())
    : [input];
  const stemClash = clashes(paths, safeStem);
  const first = paths.map((path) => ({ path, name: stemClash(path) ? `${safeStem(path)}_${extname(path).slice(1).toLowerCase()}` : safeStem(path) }));
  const nameClash = clashes(first, (v) => v.name);
  const hash = (path) => createHash('sha256').update(basename(path)).digest('hex').slice(0, 8);
  return first.map((v) => (nameClash(v) ? { path: v.path, name: `${v.name}_${hash(v.path)}` } : v));
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM'; // alive, another user's
  }
}

/**
 * Takes --out for this run: creates <out>/.affectscope-analyze.lock exclusively (O_EXCL) with this pid; a lock
 * whose pid is no longer running is taken over. Returns the release. Throws FatalError when another run holds it.
 */
export function lockOutDir(outDir) {
  const lock = join(outDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, JSON.stringify({ pid: process.pid }), { flag: 'wx' });
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    let pid = null;
    try {
      pid = JSON.parse(readFileSync(lock, 'utf8')).pid;
    } catch { /* being written, or damaged: treated as held */ }
    if (Number.isInteger(pid) && pid > 0 && !processAlive(pid)) {
      rmSync(lock, { force: true }); // stale: its run was killed
      continue;
    }
    throw new FatalError(
      `another affectscope analyze (pid ${pid ?? 'unknown'}) is writing to ${outDir}: wait for it to finish, or delete ${lock} if it is not running`,
    );
  }
  throw new FatalError(`could not take ${lock}: another run keeps taking it`);
}

/** Creates --out and locks it; an unwritable folder is a FatalError naming it and the system's reason. */
export function prepareOutDir(outDir) {
  try {
    mkdirSync(outDir, { recursive: true });
    return lockOutDir(outDir);
  } catch (error) {
    if (error instanceof FatalError || typeof error?.code !== 'string') throw error;
    throw new FatalError(`cannot write results to ${outDir}: ${error.message}`);
  }
}

function inputFacts(path) {
  const stat = statSync(path);
  return { byteLength: stat.size, mtimeMs: Math.round(stat.mtimeMs) };
}

/** True when <out>/<name> holds a complete result for this very file and model. */
export function isComplete(outDir, video, modelId) {
  const dir = join(outDir, video.name);
  try {
    const marker = JSON.parse(readFileSync(join(dir, MARKER), 'utf8'));
    const facts = inputFacts(video.path);
    const listed = Array.isArray(marker.outputs) ? marker.outputs.filter((f) => TRACK_FILE.test(f)) : [];
    return marker.input?.byteLength === facts.byteLength && marker.input?.mtimeMs === facts.mtimeMs && marker.model?.id === modelId
      && [...OUTPUT_FILES, ...listed].every((f) => existsSync(join(dir, f)));
  } catch {
    return false;
  }
}

/** The folder a video's files are written in as the analysis goes, beside their final place (writeResult renames it). */
function partialDir(outDir, video) {
  return join(outDir, `.${video.name}.partial-${process.pid}`);
}

/** An empty partial folder for `video`: the page's rows are appended to its files (appendRows). */
export function startResult(outDir, video) {
  const partial = partialDir(outDir, video);
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  for (const name of OUTPUT_FILES) writeFileSync(join(partial, name), '');
  return partial;
}

/**
 * The function the page calls (page.exposeFunction) with each batch of rows, {file name: text}: appended to the
 * current video's partial files, so neither the page nor this process holds a whole result. A face track's file
 * (track<id>_VA_Estimation.txt …) is created by its first piece.
 */
export function appendRows(target, pieces) {
  if (!target.dir) throw new Error('rows arrived with no video being analysed');
  for (const [name, text] of Object.entries(pieces)) {
    if (!OUTPUT_FILES.includes(name) && !STREAMED_TRACK_FILE.test(name)) throw new Error(`rows for an unknown file ${JSON.stringify(name)}`);
    if (text) appendFileSync(join(target.dir, name), text);
  }
}

function checkedName(name, pattern) {
  if (typeof name !== 'string' || !pattern.test(name)) throw new Error(`the page named an unexpected track file ${JSON.stringify(name)}`);
  return name;
}

/**
 * Gives the per-track files in `dir` their final names as the page says (outcome.trackFiles: the names are known
 * only once every frame is seen): renamed to left_…/right_… (or kept as track<id>_…), or removed when no frame had
 * two tracked faces. Returns done.json's `tracks`. An outcome without trackFiles (a page built before tracks) has none.
 */
export function placeTrackFiles(dir, trackFiles = { tracks: [], remove: [] }) {
  for (const name of trackFiles.remove) rmSync(join(dir, checkedName(name, STREAMED_TRACK_FILE)), { force: true });
  return trackFiles.tracks.map(({ trackId, name, frames, firstMs, lastMs, files }) => {
    for (const { from, to } of files) {
      if (checkedName(from, STREAMED_TRACK_FILE) !== checkedName(to, TRACK_FILE)) renameSync(join(dir, from), join(dir, to));
    }
    return { trackId, name, frames, firstMs, lastMs, files: files.map((f) => f.to) };
  });
}

/**
 * Completes the partial folder with done.json and renames it into place: readers see all of it or none.
 * done.json's `outputs` lists every result file, the per-track ones included; `tracks` each track's name and files
 * (empty when no frame had two tracked faces).
 */
export function writeResult(outDir, video, outcome, wallMs) {
  const final = join(outDir, video.name);
  const partial = partialDir(outDir, video);
  const tracks = placeTrackFiles(partial, outcome.trackFiles);
  const marker = {
    tool: 'affectscope analyze',
    input: { path: video.path, ...inputFacts(video.path) },
    model: outcome.model,
    backend: outcome.backend,
    frameCount: outcome.frameCount,
    framesAnalysed: outcome.framesAnalysed,
    repeatedFrameTimes: outcome.repeatedFrameTimes,
    frameRateHz: outcome.frameRateHz,
    durationMs: outcome.durationMs,
    audio: outcome.audio,
    wallMs: Math.round(wallMs),
    framesPerSecond: Math.round((outcome.framesAnalysed / (wallMs / 1000)) * 10) / 10,
    outputs: [...OUTPUT_FILES, ...tracks.flatMap((t) => t.files)],
    tracks,
  };
  writeFileSync(join(partial, MARKER), `${JSON.stringify(marker, null, 2)}\n`);
  rmSync(final, { recursive: true, force: true }); // an incomplete or stale result
  renameSync(partial, final);
  return marker;
}
