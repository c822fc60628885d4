// Shared by the benchmark scripts: serve dist/ with `vite preview` and launch Debian Chromium with the
// fake camera and microphone made from the e2e fixtures.
import { spawn } from 'node:child_process';
import { chromium } from '@playwright/test';
import { ensureMediaFixtures, MEDIA_FIXTURES } from '../../e2e/fixtures/media.mjs';

export function parseArgs(argv) {
  return Object.fromEntries(argv.map((a) => a.replace(/^--/, '').split('=')));
}

/** Starts `vite preview` on `port`; resolves once it answers, with a stop() that ends it. */
export async function startPreviewServer(port) {
  const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], { stdio: 'ignore', detached: true });
  const stop = () => { try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ } };
  process.on('exit', stop);
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`http://localhost:${port}/`)).ok) return { stop }; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  stop();
  throw new Error('vite preview did not start');
}

export async function launchBenchBrowser(extraArgs = []) {
  ensureMediaFixtures();
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
      '--disable-quic', '--disable-dev-shm-usage', '--enable-unsafe-webgpu',
      '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${MEDIA_FIXTURES.face}`, `--use-file-for-fake-audio-capture=${MEDIA_FIXTURES.speech}`,
      ...extraArgs,
    ],
  });
}

/** The median of a list (the mean of the two middle values when the count is even). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median, p95 and count of a list of ms, rounded to 0.01 ms. */
export function summarise(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return { medianMs: Math.round(at(0.5) * 100) / 100, p95Ms: Math.round(at(0.95) * 100) / 100, steps: sorted.length };
}
