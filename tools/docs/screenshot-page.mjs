#!/usr/bin/env node
/**
 * `npm run screenshots`: the live page as people see it, in headless Debian Chromium with the fake camera and
 * microphone (test-support/media.mjs, made here if missing), once predictions run, at each viewport size.
 * Writes `<out>/live-<width>x<height>.png` (default out: test-results/screenshots) and, with `--readme`,
 * `docs/live-page.png` (the README's picture, 1440×900). Needs a build (`npx vite build`).
 *
 * Options: --sizes=390x844,1440x900  --out=DIR  --readme  --port=4181  --clip=face|twofaces|crossing (the fake camera's
 * video, a MEDIA_FIXTURES name; the file names get `-<clip>` when it is not face)
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchFakeMediaBrowser, startPreviewServer } from '../../test-support/browser.mjs';
import { MEDIA_FIXTURES } from '../../test-support/media.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const SIZES = (args.sizes ?? '390x844,1440x900').split(',').map((s) => s.split('x').map(Number));
const OUT = args.out ?? 'test-results/screenshots';
const PORT = Number(args.port ?? 4181);
const log = (...m) => console.error('[screenshots]', ...m);

const server = await startPreviewServer(PORT);
const CLIP = args.clip ?? 'face';
if (!(CLIP in MEDIA_FIXTURES)) throw new Error(`--clip: expected one of ${Object.keys(MEDIA_FIXTURES).join(', ')}, got ${CLIP}`);
// Chromium takes the last value of a repeated switch: this one replaces the default face clip.
const browser = await launchFakeMediaBrowser(CLIP === 'face' ? [] : [`--use-file-for-fake-video-capture=${MEDIA_FIXTURES[CLIP]}`]);
try {
  mkdirSync(OUT, { recursive: true });
  const shots = 'readme' in args ? [[1440, 900, 'docs/live-page.png']] : [];
  for (const [width, height] of SIZES) shots.push([width, height, join(OUT, `live-${width}x${height}${CLIP === 'face' ? '' : `-${CLIP}`}.png`)]);
  for (const [width, height, path] of shots) {
    const page = await browser.newPage({ viewport: { width, height }, serviceWorkers: 'block' });
    await page.goto(`http://localhost:${PORT}/?backend=wasm`);
    await page.getByTestId('au-bars').and(page.locator('[data-state="live"]')).waitFor({ state: 'attached', timeout: 120_000 });
    await page.waitForTimeout(3000); // a few seconds of trail and time series
    mkdirSync(join(path, '..'), { recursive: true });
    await page.screenshot({ path, fullPage: 'full' in args });
    log(`${width}×${height} → ${path}`);
    await page.close();
  }
} finally {
  await browser.close();
  server.stop();
}
