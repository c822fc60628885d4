import { defineConfig, devices } from '@playwright/test';
import { MEDIA_FIXTURES } from './test-support/media.mjs';

// Debian's Chromium: `npx playwright install` cannot download browsers on our machines (shared/NOTES.md).
const CHROMIUM = '/usr/bin/chromium';
const PORT = Number(process.env.AFFECTSCOPE_E2E_PORT ?? 4173);

const BASE_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage', // also silences the /usr/bin/chromium wrapper's dev-shm probe
];

/** Chromium launch options with a fake camera (a looping y4m) and a fake microphone (a looping wav). */
function chromium(video: string, extraArgs: string[] = [], autoAcceptMedia = true) {
  return {
    ...devices['Desktop Chrome'],
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        ...BASE_ARGS,
        // Without this flag Playwright answers permission prompts itself: denied unless the test grants them.
        ...(autoAcceptMedia ? ['--use-fake-ui-for-media-stream'] : []),
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${video}`,
        `--use-file-for-fake-audio-capture=${MEDIA_FIXTURES.speech}`,
        ...extraArgs,
      ],
    },
  };
}

export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  timeout: 120_000, // WebGPU on SwiftShader compiles shaders for seconds
  expect: { timeout: 30_000 },
  retries: 0,
  workers: 1,
  fullyParallel: false,
  reporter: 'list',
  use: {
    baseURL: `http://localhost:${PORT}`,
    headless: true,
    trace: 'retain-on-failure',
  },
  projects: [
    // Specs pick the backend by URL (`/?backend=wasm`); tagged specs need their own browser flags or camera.
    // The built app registers a service worker (src/sw/sw.ts); it would answer requests before
    // context.route sees them (the corrupt/missing model tests), so only the 'offline' project allows it.
    { name: 'wasm', grepInvert: /@webgpu|@noface|@permissions|@twofaces|@crossing|@offline/, use: { ...chromium(MEDIA_FIXTURES.face), serviceWorkers: 'block' } },
    { name: 'permissions', grep: /@permissions/, use: { ...chromium(MEDIA_FIXTURES.face, [], false), serviceWorkers: 'block' } },
    { name: 'webgpu', grep: /@webgpu/, use: { ...chromium(MEDIA_FIXTURES.face, ['--enable-unsafe-webgpu']), serviceWorkers: 'block' } },
    { name: 'noface', grep: /@noface/, use: { ...chromium(MEDIA_FIXTURES.noface), serviceWorkers: 'block' } },
    { name: 'twofaces', grep: /@twofaces/, use: { ...chromium(MEDIA_FIXTURES.twofaces), serviceWorkers: 'block' } },
    { name: 'crossing', grep: /@crossing/, use: { ...chromium(MEDIA_FIXTURES.crossing), serviceWorkers: 'block' } },
    { name: 'offline', grep: /@offline/, use: { ...chromium(MEDIA_FIXTURES.face), serviceWorkers: 'allow' } },
  ],
  webServer: {
    // Serves dist/; `npm test` builds before it runs playwright. Without the guard, `vite preview` would
    // serve 404s from a missing dist/ and playwright would only report a webServer timeout.
    command: `test -f dist/index.html || { echo 'dist/index.html is missing: run npx vite build first' >&2; exit 1; }; npx vite preview --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
