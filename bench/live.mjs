#!/usr/bin/env node
/**
 * `npm run bench`: end-to-end speed of the live page in headless Debian Chromium with the fake camera
 * and microphone, per backend and per model. Prints JSON: per-stage ms (median, p95), end-to-end fps,
 * and time from navigation to the first prediction. Not a test: nothing here passes or fails on speed.
 *
 * Two measurements per model:
 *  - "modelOnly": the network alone on every backend (/backends.html: seeded input, `frames` streaming
 *    steps, the first being warm-up), so backends compare without camera, MediaPipe or contention;
 *  - "live": the whole page with the fake camera and microphone, per backend.
 *
 * By default (a run a newcomer can make, about a minute): the page's default model (the first entry of
 * public/models/index.json, the shipped trained one) live on the automatic backend choice, and that model alone on
 * wasm. `--all`: the full matrix (both initialised models × wasm, webgl, webgpu, cpu).
 *
 * --faces=N (1–4, default 1): the page tracks up to N faces (`?faces=N`); with N ≥ 2 the fake camera shows the two-face
 * still (MEDIA_FIXTURES.twofaces, the only multi-face fixture), and each run reports how many faces it tracked. The
 * model-only part then also reports `batch`: N faces a frame stepped one stream after another vs as one batch (what
 * the model worker does with several faces), per-frame ms both ways on the same page, alternating, and the speed-up.
 *
 * Options: --all  --backends=auto,wasm,webgl,webgpu,cpu  --models=<id>,<id>  --faces=1
 *          --seconds=15 (live measurement window after the first prediction)  --frames=30 (model-only steps)
 *          --out=FILE
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs, printReport, summarise } from './lib/measure.mjs';
import { launchFakeMediaBrowser, startPreviewServer } from '../test-support/browser.mjs';
import { MEDIA_FIXTURES } from '../test-support/media.mjs';

const args = parseArgs(process.argv.slice(2));
const ALL = 'all' in args;
const defaultModel = () => JSON.parse(readFileSync('public/models/index.json', 'utf8'))[0].id;
const BACKENDS = (args.backends ?? (ALL ? 'wasm,webgl,webgpu,cpu' : 'auto')).split(',');
const MODELS = (args.models ?? (ALL ? 'av-mt-vgg-rnn-lite-init,av-mt-vgg-rnn-full-init' : defaultModel())).split(',');
const SECONDS = Number(args.seconds ?? 15);
const FRAMES = Number(args.frames ?? 30);
const PORT = Number(args.port ?? 4180);
const FACES = Number(args.faces ?? 1);
if (!(Number.isInteger(FACES) && FACES >= 1 && FACES <= 4)) throw new Error(`--faces: expected 1–4, got ${args.faces}`);
const log = (...m) => console.error('[bench]', ...m);

if (MODELS.includes('av-mt-vgg-rnn-full-init') && !existsSync('public/models/av-mt-vgg-rnn-full-init/manifest.json')) {
  log('generating the full-size initialised model (once)…');
  execFileSync('node', ['tools/weights/make-init-weights.mjs', '--full'], { stdio: 'inherit' });
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
}
async function measure(browser, backend, model) {
  const page = await browser.newPage({ serviceWorkers: 'block' }); // measure the app, not the offline cache filling up
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // 'auto': no backend in the URL, the page chooses as it does for a user.
  await page.goto(`http://localhost:${PORT}/?${backend === 'auto' ? '' : `backend=${backend}&`}model=${model}&faces=${FACES}`);
  const started = Date.now();
  const deadlineMs = 240_000;
  // Wait for the first prediction, or a fatal error (e.g. backend unavailable).
  for (;;) {
    const state = await page.evaluate(() => {
      const c = window.__affectscope;
      const s = c?.getSnapshot();
      return s ? { first: s.firstPredictionMs, phase: s.phase, messages: s.messages.map((m) => `${m.code}: ${m.text}`), backend: s.backend } : null;
    });
    if (state?.first) break;
    if (state?.phase === 'failed' || (state?.messages ?? []).some((m) => m.startsWith('backend'))) {
      await page.close();
      return { backend, model, error: state.messages.join(' | ') };
    }
    if (Date.now() - started > deadlineMs) { await page.close(); return { backend, model, error: 'no prediction within 240 s', errors }; }
    await page.waitForTimeout(250);
  }
  // Discard warm-up (shader compilation, first allocations), then measure a clean window.
  await page.waitForTimeout(2000);
  await page.evaluate(() => window.__affectscope.stats.clear());
  await page.waitForTimeout(SECONDS * 1000);
  const result = await page.evaluate(() => {
    const c = window.__affectscope;
    const s = c.getSnapshot();
    const round = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Math.round(v * 100) / 100]));
    return {
      backendInUse: s.backend,
      skippedBackends: s.skippedBackends,
      modelName: s.model?.name,
      firstPredictionMs: Math.round(s.firstPredictionMs),
      fps: Math.round(c.stats.fps() * 10) / 10,
      framesMeasured: c.stats.stages.get('totalMs').count,
      stageMedianMs: round(c.stats.medians()),
      stageP95Ms: round(c.stats.p95s()),
      frameStatus: s.result?.status,
      facesTracked: s.tracks.length,
    };
  });
  await page.close();
  return { backend, model, ...result, errors };
}

/** The page's batch check (BatchCheck) in numbers: per-frame ms both ways (warm-up left out) and the median speed-up. */
function batchSummary({ faces, sequentialMs, batchedMs, maxAbsDiff }) {
  const sequential = summarise(sequentialMs.slice(1));
  const batched = summarise(batchedMs.slice(1));
  return { faces, sequential, batched, speedup: Math.round((sequential.medianMs / batched.medianMs) * 100) / 100, maxAbsDiff };
}

async function measureModelOnly(browser, model) {
  const page = await browser.newPage({ serviceWorkers: 'block' }); // measure the app, not the offline cache filling up
  // Software WebGPU/WebGL and plain JS are seconds per full-size step here: fewer steps there.
  const slow = (backend) => backend === 'webgpu' || backend === 'webgl' || backend === 'cpu';
  const frames = (backend) => (slow(backend) ? Math.min(FRAMES, model.includes('full') ? 3 : 8) : FRAMES);
  const results = [];
  // The automatic choice on a machine without a GPU is wasm (software adapters are skipped); model-only needs a name.
  for (const backend of new Set(BACKENDS.map((b) => (b === 'auto' ? 'wasm' : b)))) {
    await page.goto(`http://localhost:${PORT}/backends.html?model=${model}&backends=${backend}&frames=${frames(backend)}&faces=${FACES}`);
    await page.waitForSelector('[data-testid="backend-check"][data-state="done"], [data-testid="backend-check"][data-state="failed"]', { timeout: 600_000 });
    const report = JSON.parse(await page.getByTestId('backend-report').textContent());
    for (const check of report.backends) {
      if (check.status !== 'ran') { results.push({ backend: check.name, status: check.status, reason: check.reason }); continue; }
      const result = { backend: check.name, status: 'ran', firstStepMs: Math.round(check.stepMs[0]), ...summarise(check.stepMs.slice(1)) };
      if (check.batch) result.batch = batchSummary(check.batch);
      results.push(result);
    }
  }
  await page.close();
  return results;
}

const server = await startPreviewServer(PORT);
// Chromium takes the last value of a repeated switch: this one replaces the default one-face clip.
const browser = await launchFakeMediaBrowser(FACES >= 2 ? [`--use-file-for-fake-video-capture=${MEDIA_FIXTURES.twofaces}`] : []);
const runs = [];
const modelOnly = [];
for (const model of MODELS) {
  log(`${model}: model only…`);
  const steps = await measureModelOnly(browser, model);
  log(JSON.stringify(steps));
  modelOnly.push({ model, backends: steps });
  for (const backend of BACKENDS) {
    log(`${model} live on ${backend}…`);
    const run = await measure(browser, backend, model);
    log(JSON.stringify(run));
    runs.push(run);
  }
}
await browser.close();
server.stop();
const report = {
  machine: { cpus: (await import('node:os')).cpus().length, chromium: browser.version?.() ?? null },
  modelOnly,
  live: { measuredSeconds: SECONDS, maxFaces: FACES, clip: FACES >= 2 ? 'twofaces' : 'face', runs },
};
printReport(report, args.out);
process.exit(0);
