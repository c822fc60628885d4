#!/usr/bin/env node
/**
 * `npm run bench:recording`: what recording costs the live loop, and whether a long recording's memory
 * stays flat. Headless Debian Chromium, fake camera and microphone, lite model on wasm. Prints JSON:
 *  - live loop without and with recording (capture → prediction ms, model ms, fps; 20 s each);
 *  - at 1, 5 and 10 minutes of recording: page JS heap after a forced GC, tensors alive in the model
 *    worker, IndexedDB usage, frames and bytes written.
 * Options: --minutes=10 --window=20 (seconds per overhead measurement) --port=4181 --out=FILE
 */
import { writeFileSync } from 'node:fs';
import { launchBenchBrowser, parseArgs, startPreviewServer } from './lib/bench-browser.mjs';

const args = parseArgs(process.argv.slice(2));
const MINUTES = Number(args.minutes ?? 10);
const WINDOW_S = Number(args.window ?? 20);
const PORT = Number(args.port ?? 4181);
const CHECKPOINTS_MIN = [1, 5, 10].filter((m) => m <= MINUTES);
const log = (...m) => console.error('[bench:recording]', ...m);

const server = await startPreviewServer(PORT);
const browser = await launchBenchBrowser(['--enable-precise-memory-info']);
const page = await browser.newPage({ serviceWorkers: 'block' }); // measure the app, not the offline cache filling up
const cdp = await page.context().newCDPSession(page);
await page.goto(`http://localhost:${PORT}/?backend=wasm`);
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
    return { fps: r(c.stats.fps()), captureToPredictionMs: { median: r(med.totalMs), p95: r(p95.totalMs) }, modelMs: r(med.modelMs), landmarksMs: r(med.landmarksMs) };
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

log(`live loop without recording (${WINDOW_S} s)…`);
const withoutRecording = await liveWindow();
await page.getByTestId('record-button').click();
await page.waitForSelector('[data-testid="record-button"][data-state="recording"]');
const startedAt = Date.now();
log(`live loop while recording (${WINDOW_S} s)…`);
const whileRecording = await liveWindow();
const checkpoints = [];
for (const minute of CHECKPOINTS_MIN) {
  const waitMs = startedAt + minute * 60_000 - Date.now();
  if (waitMs > 0) await page.waitForTimeout(waitMs);
  const sample = await checkpoint(minute);
  log(JSON.stringify(sample));
  checkpoints.push(sample);
}
await page.getByTestId('record-button').click();
await page.waitForSelector('[data-testid="record-button"][data-state="idle"]', { timeout: 60_000 });
const saved = await page.evaluate(async () => {
  const row = document.querySelector('[data-testid="session-row"]');
  return {
    durationMs: Number(row?.querySelector('[data-testid="session-duration"]')?.getAttribute('data-ms')),
    bytes: Number(row?.querySelector('[data-testid="session-size"]')?.getAttribute('data-bytes')),
    text: row?.textContent ?? null,
  };
});
await browser.close();
server.stop();

const overheadPercent = (whileRecording.captureToPredictionMs.median / withoutRecording.captureToPredictionMs.median - 1) * 100;
const report = {
  minutes: MINUTES,
  windowSeconds: WINDOW_S,
  withoutRecording,
  whileRecording,
  captureToPredictionOverheadPercent: Math.round(overheadPercent * 10) / 10,
  checkpoints,
  savedSession: saved,
};
const json = JSON.stringify(report, null, 2);
if (args.out) writeFileSync(args.out, json);
console.log(json);
process.exit(0);
