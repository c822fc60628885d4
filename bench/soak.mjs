#!/usr/bin/env node
/**
 * `npm run bench:soak [-- --minutes=60]`: long sessions against the real session store in headless Chromium. Prints JSON:
 *  - recording: a synthetic recording of --minutes (30 fps of frames with 478 landmarks and every output, the demo
 *    clip's bytes repeated as the media, one chunk and one second of frames per transaction, as a recording writes;
 *    fed as fast as the store takes them, wall time reported) into the store (bench/soak/soak-page.ts); the page's
 *    JS heap (after a full GC, over CDP: cdpHeap) and the site's IndexedDB use at 1, 10, 30, 60 min of media; then export (the replay's
 *    streamed writeStoredSessionZip into Blob parts) and import (the library's importSessionFile): times, zip size,
 *    peak memory.
 *  - fileAnalysis: the app analysing a --minutes long file (the demo clip looped with ffmpeg) in its page: JS heap of
 *    the page, frames held unwritten (FileAnalysis.framesHeld), the model worker's tensor count, IndexedDB use, sampled
 *    at the same media minutes; then export and import of the saved session.
 *  Each part runs in a browser of its own (inOwnBrowser).
 *  Peak memory is the summed resident size of the Chromium processes (and the static server's, none: it runs in this
 *  process), sampled every 200 ms from /proc.
 * Options: --minutes=60 --backend=wasm --model=av-mt-vgg-rnn-lite --skip-file --skip-recording --keep-source (keep the
 * exported session in its library while importing; by default it is deleted first, as when a session moves)
 * --stop-after-min=M (end the file analysis after M minutes of wall time: a partial run's checkpoints) --out=FILE.
 * Progress (phase, media time, frames held, heap) goes to stderr every minute of wall time. Not a test.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { parseArgs, printReport } from './lib/measure.mjs';
import { launchFakeMediaBrowser } from '../test-support/browser.mjs';
import { serveStatic } from '../bin/lib/static-server.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = parseArgs(process.argv.slice(2));
const MINUTES = Number(args.minutes ?? 60);
const BACKEND = args.backend ?? 'wasm';
const MODEL = args.model ?? 'av-mt-vgg-rnn-lite';
const DELETE_SOURCE = !('keep-source' in args);
const CHECKPOINTS_MIN = [1, 10, 30, 60];
const STOP_AFTER_MS = args['stop-after-min'] === undefined ? Infinity : Number(args['stop-after-min']) * 60_000;
/** wall time between progress lines, ms */
const PROGRESS_EVERY_MS = 60_000;
const CLIP = join(ROOT, 'dist/demo/affectscope-demo.webm');
const APP_DB = 'affectscope-sessions';
const log = (...m) => console.error('[bench-soak]', ...m);
const mib = (bytes) => (bytes === null || bytes === undefined ? null : Math.round((bytes / 2 ** 20) * 10) / 10);
const round = (x, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

if (!(MINUTES > 0)) throw new Error(`--minutes: expected a number > 0, got ${args.minutes}`);
if (!existsSync(CLIP)) throw new Error(`${CLIP} is missing: npm run setup && npm run build (the demo clip needs ffmpeg and espeak-ng)`);

/** Resident bytes of all the descendants of `rootPid`, not counting itself (/proc). */
function treeRssBytes(rootPid) {
  const children = new Map();
  const rss = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      rss.set(Number(entry), Number(fields[21]) * 4096);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch { /* the process ended */ }
  }
  let total = -(rss.get(rootPid) ?? 0);
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop();
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Runs `work` while sampling the browser's resident memory; resolves with its result and the peak. */
async function withPeakRss(pid, work) {
  let peak = treeRssBytes(pid);
  const timer = setInterval(() => (peak = Math.max(peak, treeRssBytes(pid))), 200);
  try {
    const result = await work();
    return { result, peakRssBytes: Math.max(peak, treeRssBytes(pid)) };
  } finally {
    clearInterval(timer);
  }
}

/** dist/ with the soak page built into soak/ beside the app: one origin, so the page reads the app's library too. */
async function buildSite() {
  const site = mkdtempSync(join(tmpdir(), 'affectscope-soak-'));
  cpSync(join(ROOT, 'dist'), site, { recursive: true });
  const root = join(ROOT, 'bench/soak');
  await build({
    configFile: false, root, base: '/soak/', logLevel: 'error',
    build: { outDir: join(site, 'soak'), emptyOutDir: true, rolldownOptions: { input: { soak: join(root, 'soak.html') } } },
  });
  return site;
}

function clipSeconds() {
  return Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', CLIP], { encoding: 'utf8' }).trim());
}

/**
 * The page's JS heap after a full collection, bytes, read over CDP: V8's own heap (`usedSize`) and Blink's objects
 * (`embedderHeapUsedSize`). performance.memory after the page's own gc() (`perfMemoryBytes`, kept for comparison with
 * earlier runs) is taken inside the running code, so whatever that code holds at the moment counts too.
 */
async function cdpHeap(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize, embedderHeapUsedSize } = await cdp.send('Runtime.getHeapUsage');
  return { heapUsedBytes: usedSize, embedderHeapUsedBytes: embedderHeapUsedSize ?? null };
}

async function soakRecording(browser, origin, pid) {
  const page = await browser.newPage({ serviceWorkers: 'block' });
  const cdp = await page.context().newCDPSession(page);
  const heapAt = new Map();
  await page.exposeFunction('__soakCheckpoint', async (mediaMinutes) => void heapAt.set(mediaMinutes, await cdpHeap(cdp)));
  await page.goto(`${origin}/soak/soak.html`);
  await page.getByTestId('soak').and(page.locator('[data-state="ready"]')).waitFor({ timeout: 60_000 });
  heapAt.set(0, await cdpHeap(cdp));
  log(`recording: ${MINUTES} min synthetic…`);
  const recorded = await withPeakRss(pid, () => page.evaluate(([m, c, s]) => window.__soak.record(m, c, '/demo/affectscope-demo.webm', s), [MINUTES, CHECKPOINTS_MIN, clipSeconds()]));
  log(`recording: export + import…`);
  const moved = await withPeakRss(pid, () => page.evaluate(([id, del]) => window.__soak.exportImport('affectscope-soak', id, del), [recorded.result.sessionId, DELETE_SOURCE]));
  await page.close();
  const r = recorded.result;
  return {
    minutes: MINUTES, frames: r.frames, mediaMiB: mib(r.mediaBytes), wallS: round(r.wallS), realTimeFactor: round((MINUTES * 60) / r.wallS, 1),
    samples: r.samples.map((s) => ({
      mediaMinutes: round(s.mediaMinutes), wallS: round(s.wallS), ...heapReport(heapAt.get(s.mediaMinutes)), perfMemoryMiB: mib(s.heapUsedBytes), indexedDbMiB: mib(s.storageUsedBytes),
    })),
    peakBrowserRssMiB: mib(recorded.peakRssBytes),
    exportImport: exportImportReport(moved),
  };
}

function heapReport(heap) {
  return { heapMiB: mib(heap?.heapUsedBytes), embedderHeapMiB: mib(heap?.embedderHeapUsedBytes) };
}

function exportImportReport({ result, peakRssBytes }) {
  return {
    zipMiB: mib(result.zipBytes), sourceDeleted: result.sourceDeleted, exportS: round(result.exportS), importS: round(result.importS), importedFrames: result.importedFrames,
    heapBeforeMiB: mib(result.heapBeforeBytes), heapAfterExportMiB: mib(result.heapAfterExportBytes), heapAfterMiB: mib(result.heapAfterBytes), peakBrowserRssMiB: mib(peakRssBytes),
  };
}

/** The demo clip looped to MINUTES (stream copy: seconds, not an encode). */
function longFile(dir) {
  const out = join(dir, `soak-${MINUTES}min.webm`);
  const loops = Math.ceil((MINUTES * 60) / clipSeconds());
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-stream_loop', String(loops - 1), '-i', CLIP, '-t', String(MINUTES * 60), '-c', 'copy', out]);
  return out;
}

async function soakFileAnalysis(browser, origin, pid, file) {
  const page = await browser.newPage({ serviceWorkers: 'block' });
  const cdp = await page.context().newCDPSession(page);
  await page.goto(`${origin}/?backend=${BACKEND}&model=${MODEL}`);
  await page.getByTestId('phase').filter({ hasText: 'running' }).waitFor({ timeout: 120_000 });
  const panel = page.getByTestId('file-analysis');
  log(`file analysis: ${file}…`);
  const startMs = Date.now();
  const samples = [];
  const pending = CHECKPOINTS_MIN.filter((m) => m <= MINUTES);
  let maxFramesHeld = 0;
  let lastProgressMs = Date.now();
  const analysed = await withPeakRss(pid, async () => {
    await page.getByTestId('file-input').setInputFiles(file);
    for (;;) {
      const s = await page.evaluate(async () => {
        const analysis = window.__affectscopeFile;
        const snapshot = analysis?.getSnapshot();
        globalThis.gc?.();
        return {
          phase: snapshot?.phase ?? 'loading', currentTimeMs: snapshot?.currentTimeMs ?? 0, framesAnalysed: snapshot?.framesAnalysed ?? 0,
          framesHeld: analysis?.framesHeld ?? 0, numTensors: snapshot?.prediction?.numTensors ?? null, error: snapshot?.error ?? null,
          heapUsedBytes: performance.memory?.usedJSHeapSize ?? null, storageUsedBytes: (await navigator.storage.estimate()).usage ?? null,
        };
      });
      maxFramesHeld = Math.max(maxFramesHeld, s.framesHeld);
      const done = s.phase === 'done' || s.phase === 'failed' || s.phase === 'cancelled';
      if ((pending.length > 0 && s.currentTimeMs / 60_000 >= pending[0]) || done) {
        while (pending.length > 0 && s.currentTimeMs / 60_000 >= pending[0]) pending.shift();
        samples.push({
          mediaMinutes: round(s.currentTimeMs / 60_000), wallS: round((Date.now() - startMs) / 1000), framesAnalysed: s.framesAnalysed, framesHeld: s.framesHeld,
          numTensors: s.numTensors, ...heapReport(await cdpHeap(cdp)), perfMemoryMiB: mib(s.heapUsedBytes), indexedDbMiB: mib(s.storageUsedBytes),
        });
        log(`file analysis: ${JSON.stringify(samples.at(-1))}`);
      }
      if (done) return s;
      if (Date.now() - lastProgressMs >= PROGRESS_EVERY_MS) {
        lastProgressMs = Date.now();
        log(`file analysis progress: ${JSON.stringify({ wallS: round((Date.now() - startMs) / 1000), ...s })}`);
      }
      if (Date.now() - startMs > STOP_AFTER_MS) {
        log('file analysis: --stop-after-min reached; cancelled');
        await page.getByTestId('file-analysis').getByTestId('file-close').click().catch(() => undefined);
        return { ...s, phase: 'stopped' };
      }
      await page.waitForTimeout(2000);
    }
  });
  const final = analysed.result;
  const analysisWallS = round((Date.now() - startMs) / 1000);
  let exportImport = null;
  if (final.phase === 'done') {
    await panel.and(page.locator(':not([data-session-id=""])')).waitFor({ timeout: 60_000 }).catch(() => undefined);
    const id = await panel.getAttribute('data-session-id');
    const soak = page; // the same page and origin: the app's IndexedDB (browser.newPage's context takes no second page)
    await soak.goto(`${origin}/soak/soak.html`);
    await soak.getByTestId('soak').and(soak.locator('[data-state="ready"]')).waitFor({ timeout: 60_000 });
    log('file analysis: export + import…');
    exportImport = exportImportReport(await withPeakRss(pid, () => soak.evaluate(([db, sid, del]) => window.__soak.exportImport(db, sid, del), [APP_DB, id, DELETE_SOURCE])));
  }
  await page.close();
  return {
    minutes: MINUTES, phase: final.phase, error: final.error, framesAnalysed: final.framesAnalysed, wallS: analysisWallS,
    maxFramesHeld, samples, peakBrowserRssMiB: mib(analysed.peakRssBytes), exportImport,
  };
}

/**
 * Runs `part` in a browser of its own, closed after it: the parts measure apart. (In one browser, after the
 * recording's 60-minute export was gathered as ~670 MiB of Blob parts and imported, the file analysis's copy of its
 * media into IndexedDB stalled at 72 KB for over ten minutes; the app in Chromium exports through the File System
 * Access API instead, written to disk as it goes.)
 */
async function inOwnBrowser(part) {
  const browser = await launchFakeMediaBrowser(['--enable-precise-memory-info', '--js-flags=--expose-gc']);
  try {
    return await part(browser);
  } finally {
    await browser.close();
  }
}

const site = await buildSite();
const server = await serveStatic(site);
// Chromium runs as this process's children: their summed resident size (this process's own is left out).
const pid = process.pid;
try {
  const report = { date: new Date().toISOString(), machine: { cpus: cpus().length, loadAverage1m: round(loadavg()[0]) }, backend: BACKEND, model: MODEL };
  if (!('skip-recording' in args)) report.recording = await inOwnBrowser((browser) => soakRecording(browser, server.origin, pid));
  if (!('skip-file' in args)) report.fileAnalysis = await inOwnBrowser((browser) => soakFileAnalysis(browser, server.origin, pid, longFile(site)));
  report.loadAverage1mAfter = round(loadavg()[0]);
  printReport(report, args.out);
} finally {
  await server.close();
  rmSync(site, { recursive: true, force: true });
}
