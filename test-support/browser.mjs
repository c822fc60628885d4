// For the scripts that drive the built app (benchmarks, screenshots): serve dist/ with `vite preview` and launch
// Debian Chromium with the fake camera and microphone made from the media fixtures (./media.mjs).
import { spawn } from 'node:child_process';
import { chromium } from '@playwright/test';
import { ensureMediaFixtures, MEDIA_FIXTURES } from './media.mjs';

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

/** Headless Debian Chromium (WebGPU allowed) with the fake camera (MEDIA_FIXTURES.face) and microphone (speech). */
export async function launchFakeMediaBrowser(extraArgs = []) {
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
