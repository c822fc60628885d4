#!/usr/bin/env node
/**
 * `npm run bench:file`: how fast a video file is analysed, against the file's own (real-time) frame rate.
 * Prints JSON:
 *  - page: the app (`/?backend=…`, fake camera and microphone as in `npm run bench`), the file picked in its
 *    "Analyse a video" input; frames per second from the pick to the last result (cold: workers and model start)
 *    and from the first result to the last (steady);
 *  - cli: `affectscope analyze` on the same file into a temporary folder: the whole command (Chromium start,
 *    page load, analysis, files written) and the analysis as its done.json reports it.
 * Options: --file=PATH (default: the "Try it" clip, dist/demo/affectscope-demo.webm) --backend=wasm
 *          --model=av-mt-vgg-rnn-lite --runs=1
 *          --out=FILE. Not a test: nothing passes or fails on speed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, printReport } from './lib/measure.mjs';
import { launchFakeMediaBrowser, startPreviewServer } from '../test-support/browser.mjs';

const args = parseArgs(process.argv.slice(2));
const FILE = args.file ?? 'dist/demo/affectscope-demo.webm';
const BACKEND = args.backend ?? 'wasm';
// Named: where the full-size test model was generated it can be listed first, and the benchmark is about the lite one.
const MODEL = args.model ?? 'av-mt-vgg-rnn-lite';
const RUNS = Number(args.runs ?? 1);
const PORT = Number(args.port ?? 4181);
const log = (...m) => console.error('[bench-file]', ...m);

if (!existsSync(FILE)) throw new Error(`${FILE} is missing: run npm run setup && npm run build (the demo clip needs ffmpeg and espeak-ng), or pass --file=PATH`);
const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames,avg_frame_rate', '-show_entries', 'format=duration', '-of', 'json', FILE], { encoding: 'utf8' }));
const [num, den] = probe.streams[0].avg_frame_rate.split('/').map(Number);
const file = { path: FILE, frames: Number(probe.streams[0].nb_read_frames), frameRateHz: Math.round((num / den) * 1000) / 1000, durationS: Number(probe.format.duration) };
const round = (x, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

async function measurePage(browser) {
  const page = await browser.newPage({ serviceWorkers: 'block' });
  await page.goto(`http://localhost:${PORT}/?backend=${BACKEND}&model=${MODEL}`);
  // The live pipeline starts first, as for a visitor; the file analysis then pauses it.
  await page.getByTestId('phase').filter({ hasText: 'running' }).waitFor({ timeout: 120_000 });
  const panel = page.getByTestId('file-analysis');
  const startMs = Date.now();
  await page.getByTestId('file-input').setInputFiles(FILE);
  let firstMs = null;
  for (;;) {
    const [phase, frames] = await Promise.all([panel.getAttribute('data-phase').catch(() => null), panel.getAttribute('data-frames-analysed').catch(() => '0')]);
    if (firstMs === null && Number(frames) >= 1) firstMs = Date.now();
    if (phase === 'done' || phase === 'failed') break;
    if (Date.now() - startMs > 900_000) throw new Error('page: not done within 15 min');
    await page.waitForTimeout(100);
  }
  const endMs = Date.now();
  const frames = Number(await panel.getAttribute('data-frames-analysed'));
  const stageMedianMs = await page.evaluate(() => {
    const medians = window.__affectscopeFile.stats.medians();
    return Object.fromEntries(Object.entries(medians).filter(([, v]) => Number.isFinite(v)).map(([k, v]) => [k, Math.round(v * 100) / 100]));
  });
  const backend = await page.evaluate(() => window.__affectscopeFile.getSnapshot().backend);
  await page.close();
  const fps = frames / ((endMs - startMs) / 1000);
  const steadyFps = (frames - 1) / ((endMs - firstMs) / 1000);
  return { framesAnalysed: frames, backend, wallS: round((endMs - startMs) / 1000), fps: round(fps), steadyFps: round(steadyFps), realTimeFactor: round(fps / file.frameRateHz), steadyRealTimeFactor: round(steadyFps / file.frameRateHz), stageMedianMs };
}

function measureCli() {
  const out = mkdtempSync(join(tmpdir(), 'affectscope-bench-file-'));
  try {
    const startMs = Date.now();
    const run = spawnSync(process.execPath, ['bin/affectscope.mjs', 'analyze', FILE, '--out', out, '--backend', BACKEND, '--model', MODEL], { encoding: 'utf8' });
    const wallS = (Date.now() - startMs) / 1000;
    if (run.status !== 0) throw new Error(`cli failed (${run.status}): ${run.stderr}`);
    const name = FILE.split('/').at(-1).replace(/\.[^.]+$/, '');
    const marker = JSON.parse(readFileSync(join(out, name, 'done.json'), 'utf8'));
    const fps = marker.framesAnalysed / wallS;
    return {
      framesAnalysed: marker.framesAnalysed, backend: marker.backend, commandWallS: round(wallS), commandFps: round(fps), commandRealTimeFactor: round(fps / file.frameRateHz),
      analysisWallS: round(marker.wallMs / 1000), analysisFps: marker.framesPerSecond, analysisRealTimeFactor: round(marker.framesPerSecond / file.frameRateHz),
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const server = await startPreviewServer(PORT);
const browser = await launchFakeMediaBrowser();
const page = [];
const cli = [];
try {
  for (let i = 0; i < RUNS; i++) {
    log(`page run ${i + 1}/${RUNS}…`);
    page.push(await measurePage(browser));
    log(JSON.stringify(page.at(-1)));
  }
} finally {
  await browser.close();
  server.stop();
}
for (let i = 0; i < RUNS; i++) {
  log(`cli run ${i + 1}/${RUNS}…`);
  cli.push(measureCli());
  log(JSON.stringify(cli.at(-1)));
}
const report = {
  machine: { cpus: cpus().length, loadAverage1m: round(loadavg()[0]), note: 'shared machine: other jobs were running; numbers vary with the load' },
  backend: BACKEND,
  model: MODEL,
  file,
  page,
  cli,
};
printReport(report, args.out);
process.exit(0);
