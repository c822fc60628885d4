#!/usr/bin/env node
/**
 * `npx affectscope analyze <video | folder> --out <dir>` (or `npm run analyze -- …`): runs video files through
 * the app's own TypeScript pipeline (MediaPipe + alignment + audio DSP + the model, /analyze.html of the built
 * app) in headless Chromium, and writes per video <out>/<name>/: frames.csv, frames.json (one row per analysed
 * frame) and the Aff-Wild2/ABAW files VA_Estimation.txt, EXPR_Recognition.txt, AU_Detection.txt (one row per
 * video frame), plus done.json, the mark of a complete result. Each video's folder is written beside and renamed
 * into place, so an interrupted run leaves no half result; a rerun skips videos whose done.json matches the file
 * (size, mtime) and the model. Unreadable files are listed at the end; the exit status is 1 when any failed.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isSameOrigin, serveStatic } from './lib/static-server.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const VIDEO_EXTENSIONS = new Set(['.mp4', '.m4v', '.mov', '.webm', '.mkv']);
const OUTPUT_FILES = ['frames.csv', 'frames.json', 'VA_Estimation.txt', 'EXPR_Recognition.txt', 'AU_Detection.txt'];
const MARKER = 'done.json';
/** In --out while a run writes there: {pid}. Created exclusively, so two runs never write one folder. */
const LOCK_FILE = '.affectscope-analyze.lock';
/** Longest folder stem, in code points: 80 CJK characters are 240 bytes of UTF-8, under the usual 255-byte name limit. */
const MAX_STEM_LENGTH = 80;
/** A video whose analysis shows no new frame for this long is given up (the page is then restarted). */
const STALL_MS = 180_000;
const PROGRESS_INTERVAL_MS = 2000;

const USAGE = `Usage: affectscope analyze <video | folder> --out <dir> [options]

Analyses each video (a folder: its .mp4 .m4v .mov .webm .mkv files) with the app's pipeline in headless
Chromium and writes <dir>/<name>/frames.csv, frames.json, VA_Estimation.txt, EXPR_Recognition.txt,
AU_Detection.txt and done.json. Videos already done are skipped.

Options:
  --out <dir>         where the results go (required)
  --chromium <path>   the Chromium to run (default /usr/bin/chromium)
  --backend <name>    TensorFlow.js backend: wasm (default), cpu, webgl, webgpu, auto
  --model <id>        a model id from models/index.json (default: the app's default model)
  --dist <dir>        the built app to serve (default dist/, built with npm run build when missing)
  --force             analyse again even when a result is complete
  --verbose           echo the page's console`;

/** A mistake in the command line: the message and the usage, exit 2. */
class UsageError extends Error {}
/** Cannot run as asked (--out locked or unwritable, no Chromium): one line, exit 2. */
class FatalError extends Error {}

export function parseCli(argv) {
  const args = argv[0] === 'analyze' ? argv.slice(1) : argv;
  const options = { inputs: [], out: null, chromium: '/usr/bin/chromium', backend: 'wasm', model: null, dist: join(ROOT, 'dist'), force: false, verbose: false, help: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const v = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
      if (v === undefined || v === '') throw new UsageError(`${arg.split('=')[0]} needs a value`);
      return v;
    };
    const name = arg.split('=')[0];
    if (name === '--out') options.out = resolve(value());
    else if (name === '--chromium') options.chromium = value();
    else if (name === '--backend') options.backend = value();
    else if (name === '--model') options.model = value();
    else if (name === '--dist') options.dist = resolve(value());
    else if (arg === '--force') options.force = true;
    else if (arg === '--verbose') options.verbose = true;
    else if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else options.inputs.push(resolve(arg));
  }
  if (options.help) return options;
  if (options.inputs.length !== 1) throw new UsageError('expected one video file or folder');
  if (!options.out) throw new UsageError('--out <dir> is required');
  if (!['wasm', 'cpu', 'webgl', 'webgpu', 'auto'].includes(options.backend)) throw new UsageError(`--backend: expected wasm, cpu, webgl, webgpu or auto, got ${options.backend}`);
  return options;
}

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
function prepareOutDir(outDir) {
  try {
    mkdirSync(outDir, { recursive: true });
    return lockOutDir(outDir);
  } catch (error) {
    if (error instanceof FatalError || typeof error?.code !== 'string') throw error;
    throw new FatalError(`cannot write results to ${outDir}: ${error.message}`);
  }
}

/** The model the page will use: --model, else the app's default (the first trained one in models/index.json, else the first). */
function chosenModelId(dist, requested) {
  if (requested) return requested;
  const index = JSON.parse(readFileSync(join(dist, 'models/index.json'), 'utf8'));
  return (index.find((m) => m.trained) ?? index[0])?.id ?? null;
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
    return marker.input?.byteLength === facts.byteLength && marker.input?.mtimeMs === facts.mtimeMs && marker.model?.id === modelId
      && OUTPUT_FILES.every((f) => existsSync(join(dir, f)));
  } catch {
    return false;
  }
}

/** The folder a video's files are written in as the analysis goes, beside their final place (writeResult renames it). */
function partialDir(outDir, video) {
  return join(outDir, `.${video.name}.partial-${process.pid}`);
}

/** An empty partial folder for `video`: the page's rows are appended to its files (appendRows). */
function startResult(outDir, video) {
  const partial = partialDir(outDir, video);
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  for (const name of OUTPUT_FILES) writeFileSync(join(partial, name), '');
  return partial;
}

/**
 * The function the page calls (page.exposeFunction) with each batch of rows, {file name: text}: appended to the
 * current video's partial files, so neither the page nor this process holds a whole result.
 */
function appendRows(target, pieces) {
  if (!target.dir) throw new Error('rows arrived with no video being analysed');
  for (const [name, text] of Object.entries(pieces)) {
    if (!OUTPUT_FILES.includes(name)) throw new Error(`rows for an unknown file ${JSON.stringify(name)}`);
    if (text) appendFileSync(join(target.dir, name), text);
  }
}

/** Completes the partial folder with done.json and renames it into place: readers see all of it or none. */
function writeResult(outDir, video, outcome, wallMs) {
  const final = join(outDir, video.name);
  const partial = partialDir(outDir, video);
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
    outputs: OUTPUT_FILES,
  };
  writeFileSync(join(partial, MARKER), `${JSON.stringify(marker, null, 2)}\n`);
  rmSync(final, { recursive: true, force: true }); // an incomplete or stale result
  renameSync(partial, final);
  return marker;
}

function formatDuration(ms) {
  if (!Number.isFinite(ms)) return '?';
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 3600 ? `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}` : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function ensureBuilt(dist) {
  if (existsSync(join(dist, 'analyze.html'))) return;
  if (dist !== join(ROOT, 'dist')) throw new UsageError(`${dist} has no analyze.html: build the app there first`);
  process.stderr.write('analyze: the app is not built yet: npm run setup && vite build …\n');
  execFileSync(process.execPath, [join(ROOT, 'scripts/setup.mjs')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function openAnalyzePage(context, origin, options, target) {
  const page = await context.newPage();
  await page.exposeFunction('__affectscopeAnalyzeAppend', (pieces) => appendRows(target, pieces));
  if (options.verbose) page.on('console', (m) => process.stderr.write(`page: ${m.text()}\n`));
  const query = new URLSearchParams({ backend: options.backend, ...(options.model ? { model: options.model } : {}) });
  await page.goto(`${origin}/analyze.html?${query}`);
  const root = page.getByTestId('analyze');
  await root.and(page.locator('[data-state="ready"], [data-state="failed"]')).waitFor({ timeout: 60_000 });
  if ((await root.getAttribute('data-state')) === 'failed') throw new Error(`the analysis page could not start: ${await root.getAttribute('data-error')}`);
  return page;
}

/** Analyses one video in `page`; calls onProgress about every 2 s. Resolves with the page's outcome ({ok, …}). */
async function analyseOne(page, video, onProgress) {
  await page.getByTestId('analyze-input').setInputFiles(video.path);
  const outcome = page.evaluate(() => window.__affectscopeAnalyze.analyse());
  let settled = false;
  outcome.finally(() => (settled = true)).catch(() => undefined);
  let lastFrames = -1;
  let lastChangeMs = Date.now();
  while (!settled) {
    await Promise.race([outcome.catch(() => undefined), new Promise((r) => setTimeout(r, PROGRESS_INTERVAL_MS))]);
    if (settled) break;
    const progress = await page.evaluate(() => window.__affectscopeAnalyze.progress()).catch(() => null);
    if (progress) {
      onProgress(progress);
      if (progress.framesAnalysed !== lastFrames) [lastFrames, lastChangeMs] = [progress.framesAnalysed, Date.now()];
    }
    if (Date.now() - lastChangeMs > STALL_MS) throw new Error(`no progress for ${STALL_MS / 1000} s`);
  }
  return outcome;
}

async function main() {
  const options = parseCli(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const videos = listVideos(options.inputs[0]);
  if (videos.length === 0) throw new UsageError(`no video files (${[...VIDEO_EXTENSIONS].join(' ')}) in ${options.inputs[0]}`);
  const release = prepareOutDir(options.out);
  try {
    return await analyseAll(options, videos);
  } finally {
    release();
  }
}

async function analyseAll(options, videos) {
  if (!existsSync(options.chromium)) throw new FatalError(`Chromium not found at ${options.chromium}: install it (apt-get install chromium) or pass --chromium <path>`);
  ensureBuilt(options.dist);
  const modelId = chosenModelId(options.dist, options.model);
  const log = (line) => process.stderr.write(`analyze: ${line}\n`);

  const todo = videos.filter((v) => options.force || !isComplete(options.out, v, modelId));
  const skipped = videos.length - todo.length;
  if (skipped > 0) log(`${skipped} of ${videos.length} already done, skipped (--force to redo): ${videos.filter((v) => !todo.includes(v)).map((v) => basename(v.path)).join(', ')}`);
  const failures = [];
  let done = 0;
  if (todo.length > 0) {
    const server = await serveStatic(options.dist);
    // playwright-core, a runtime dependency: a user's install of the bin has no devDependencies (@playwright/test).
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: options.chromium,
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'],
    });
    try {
      const context = await browser.newContext({ serviceWorkers: 'block' });
      // Nothing may leave the machine: the page is served here, and any other request is refused.
      // Parsed origins, not a prefix: `${origin}@elsewhere/` starts with the origin but is another host.
      await context.route((url) => !isSameOrigin(url, server.origin), (route) => route.abort());
      /** where the page's rows go: the partial folder of the video being analysed */
      const target = { dir: null };
      let page = await openAnalyzePage(context, server.origin, options, target);
      const totalBytes = todo.reduce((n, v) => n + statSync(v.path).size, 0);
      let bytesDone = 0;
      const batchStartMs = Date.now();
      for (const [i, video] of todo.entries()) {
        const label = `[${i + 1}/${todo.length}] ${basename(video.path)}`;
        const bytes = statSync(video.path).size;
        const startMs = Date.now();
        let outcome;
        target.dir = startResult(options.out, video);
        try {
          outcome = await analyseOne(page, video, (p) => {
            const fraction = p.durationMs ? Math.min(1, p.currentTimeMs / p.durationMs) : 0;
            const leftMs = p.fps > 0 && p.frameCount ? ((p.frameCount - p.framesAnalysed) / p.fps) * 1000 : NaN;
            const elapsedMs = Date.now() - batchStartMs;
            const doneBytes = bytesDone + fraction * bytes;
            const batchLeftMs = doneBytes > 0 && fraction > 0 ? ((totalBytes - doneBytes) / doneBytes) * elapsedMs : NaN;
            log(`${label}: ${p.framesAnalysed}/${p.frameCount ?? '?'} frames, ${p.fps.toFixed(1)} fps, ${formatDuration(leftMs)} left · files ${done}/${todo.length} done, ${failures.length} failed, batch ~${formatDuration(batchLeftMs)} left`);
          });
        } catch (error) {
          outcome = { ok: false, error: error instanceof Error ? error.message : String(error) };
          // The page may be stuck or gone: start a fresh one for the next video.
          await page.close().catch(() => undefined);
          page = await openAnalyzePage(context, server.origin, options, target);
        }
        bytesDone += bytes;
        if (outcome.ok) {
          const marker = writeResult(options.out, video, outcome, Date.now() - startMs);
          done += 1;
          log(`${label}: done, ${marker.framesAnalysed} frames in ${formatDuration(marker.wallMs)} (${marker.framesPerSecond} fps, file ${outcome.frameRateHz.toFixed(1)} fps) → ${join(options.out, video.name)}`);
        } else {
          rmSync(target.dir, { recursive: true, force: true });
          failures.push({ video, error: outcome.error });
          log(`${label}: FAILED: ${outcome.error}`);
        }
      }
    } finally {
      await browser.close().catch(() => undefined);
      await server.close();
    }
  }
  log(`${done} analysed, ${skipped} skipped (already done), ${failures.length} failed, of ${videos.length} video(s)`);
  if (failures.length > 0) {
    log('could not analyse:');
    for (const { video, error } of failures) log(`  ${video.path}: ${error}`);
    return 1;
  }
  return 0;
}

// Run as a program (node scripts/analyze.mjs, npm run analyze, or the `affectscope` bin, a symlink), not when imported.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      if (error instanceof UsageError) {
        process.stderr.write(`affectscope analyze: ${error.message}\n\n${USAGE}\n`);
        process.exit(2);
      }
      if (error instanceof FatalError) {
        process.stderr.write(`affectscope analyze: ${error.message}\n`);
        process.exit(2);
      }
      // A system error (a full disk while writing results…) says all in its message; anything else is a bug: its stack.
      const systemError = error instanceof Error && typeof error.code === 'string' && typeof error.syscall === 'string';
      process.stderr.write(`affectscope analyze: ${systemError ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
