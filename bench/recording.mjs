#!/usr/bin/env node
/**
 * `npm run bench:recording`: what recording costs the live loop, and whether a long recording's memory
 * stays flat. Headless Debian Chromium, fake camera and microphone, lite model on wasm. Prints JSON:
 *  - the live loop without and with recording, alternated `--pairs` times (this machine's load drifts, so one
 *    window of each would measure the drift): fps, frame period, capture → prediction ms, stage ms; the
 *    overheads are the medians over the pairs;
 *  - at 1, 5 and 10 minutes of one recording (the last pair's): page JS heap after a forced GC, tensors alive
 *    in the model worker, IndexedDB usage.
 * Options: --minutes=10 --window=15 (seconds per measurement) --pairs=3 --record=auto|h264|vp8 (the page's
 * ?record=) --port=4181 --out=FILE
 */
import { median, parseArgs, printReport } from './lib/measure.mjs';
import { launchFakeMediaBrowser, startPreviewServer } from '../test-support/browser.mjs';

const args = parseArgs(process.argv.slice(2));
const MINUTES = Number(args.minutes ?? 10);
const WINDOW_S = Number(args.window ?? 15);
const PAIRS = Math.max(1, Number(args.pairs ?? 3));
const RECORD = args.record ?? 'auto';
const PORT = Number(args.port ?? 4181);
const CHECKPOINTS_MIN = [1, 5, 10].filter((m) => m <= MINUTES);
const log = (...m) => console.error('[bench:recording]', ...m);

const server = await startPreviewServer(PORT);
const browser = await launchFakeMediaBrowser(['--enable-precise-memory-info']);
const page = await browser.newPage({ serviceWorkers: 'block' }); // measure the app, not the offline cache filling up
const cdp = await page.context().newCDPSession(page);
await page.goto(`http://localhost:${PORT}/?backend=wasm&record=${RECORD}`);
await page.waitForFunction(() => window.__affectscope?.getSnapshot().firstPredictionMs, null, { timeout: 120_000 });
await page.waitForTimeout(3000);

async function liveWindow() {
  await page.evaluate(() => window.__affectscope.stats.clear());
  await page.waitForTimeout(WINDOW_S * 1000);
  return page.evaluate(() => {
    const c = window.__affectscope;
    const med = c.stats.medians();
    const p95 = c.stats.p95s();
    const r = (v) => Math.round(v * 100) / 100;
    const fps = c.stats.fps();
    return { fps: r(fps), framePeriodMs: r(1000 / fps), captureToPredictionMs: { median: r(med.totalMs), p95: r(p95.totalMs) }, modelMs: r(med.modelMs), landmarksMs: r(med.landmarksMs) };
  });
}

async function checkpoint(minute) {
  await cdp.send('HeapProfiler.collectGarbage');
  const sample = await page.evaluate(async () => {
    const c = window.__affectscope;
    const estimate = await navigator.storage.estimate();
    return {
      pageHeapUsedBytes: performance.memory?.usedJSHeapSize ?? null,
      numTensors: c.getSnapshot().prediction?.numTensors ?? null,
      storageUsedBytes: estimate.usage ?? null,
      recordingElapsed: document.querySelector('[data-testid="recording-elapsed"]')?.textContent ?? null,
    };
  });
  return { minute, ...sample };
}

const recordButton = page.getByTestId('record-button');
async function startRecording() {
  await recordButton.click();
  await page.waitForSelector('[data-testid="record-button"][data-state="recording"]');
}
async function stopRecording() {
  await recordButton.click();
  await page.waitForSelector('[data-testid="record-button"][data-state="idle"]', { timeout: 60_000 });
}

const pairs = [];
let startedAt = 0;
for (let i = 0; i < PAIRS; i++) {
  log(`pair ${i + 1}/${PAIRS}: live loop without recording (${WINDOW_S} s), then while recording…`);
  const withoutRecording = await liveWindow();
  await startRecording();
  startedAt = Date.now();
  await page.waitForTimeout(2000); // the encoder's start-up is not the steady cost
  const whileRecording = await liveWindow();
  if (i < PAIRS - 1) await stopRecording();
  pairs.push({ withoutRecording, whileRecording });
  log(JSON.stringify(pairs.at(-1)));
}
const checkpoints = [];
for (const minute of CHECKPOINTS_MIN) {
  const waitMs = startedAt + minute * 60_000 - Date.now();
  if (waitMs > 0) await page.waitForTimeout(waitMs);
  const sample = await checkpoint(minute);
  log(JSON.stringify(sample));
  checkpoints.push(sample);
}
await stopRecording();
const saved = await page.evaluate(async () => {
  const row = document.querySelector('[data-testid="session-row"]'); // newest first
  return {
    mimeType: row?.getAttribute('data-mime-type') ?? null,
    durationMs: Number(row?.querySelector('[data-testid="session-duration"]')?.getAttribute('data-ms')),
    bytes: Number(row?.querySelector('[data-testid="session-size"]')?.getAttribute('data-bytes')),
    text: row?.textContent ?? null,
  };
});
await browser.close();
server.stop();

const round1 = (v) => Math.round(v * 10) / 10;
const percent = (on, off) => round1((on / off - 1) * 100);
const report = {
  minutes: MINUTES,
  windowSeconds: WINDOW_S,
  record: RECORD,
  recordedType: saved.mimeType,
  pairs,
  framePeriodOverheadPercent: round1(median(pairs.map((p) => percent(p.whileRecording.framePeriodMs, p.withoutRecording.framePeriodMs)))),
  captureToPredictionOverheadPercent: round1(median(pairs.map((p) => percent(p.whileRecording.captureToPredictionMs.median, p.withoutRecording.captureToPredictionMs.median)))),
  checkpoints,
  savedSession: saved,
};
printReport(report, args.out);
process.exit(0);
