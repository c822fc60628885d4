// The data tools page (/tools.html) in headless Debian Chromium, for prepare-training-data.mjs and evaluate.mjs.
// The app is built into a private folder (not dist/, which other builds replace while a long run reads it)
// and rebuilt when a source is newer than that build; `vite preview` serves it on a free port.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const TOOLS_DIST = join(ROOT, 'node_modules/.cache/affectscope/tools-dist');
export const CHROMIUM = '/usr/bin/chromium';

const log = (message) => process.stderr.write(`${message}\n`);

function newestMtimeMs(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtimeMs(join(path, name))), stat.mtimeMs);
}

/** Builds the app into TOOLS_DIST unless that build is newer than every source it comes from. */
export function ensureToolsBuild({ force = false } = {}) {
  const built = join(TOOLS_DIST, 'tools.html');
  const sources = ['src', 'tools.html', 'index.html', 'backends.html', 'vite.config.ts', 'public/models', 'public/vendor'];
  const newestSource = Math.max(...sources.map((s) => newestMtimeMs(resolve(ROOT, s))));
  if (!force && existsSync(built) && statSync(built).mtimeMs > newestSource) return;
  if (!existsSync(join(ROOT, 'public/vendor/mediapipe/face_landmarker.task')) || !existsSync(join(ROOT, 'public/models/index.json'))) {
    throw new Error('public/vendor or public/models is missing: run `npm run setup` first');
  }
  log(`building the app into ${TOOLS_DIST} …`);
  // Built beside and swapped in by rename, so a run that is serving the previous build keeps its files until then.
  const fresh = `${TOOLS_DIST}.tmp-${process.pid}`;
  execFileSync('npx', ['vite', 'build', '--outDir', fresh, '--emptyOutDir', '--logLevel', 'error'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const old = `${TOOLS_DIST}.old-${process.pid}`;
  if (existsSync(TOOLS_DIST)) renameSync(TOOLS_DIST, old);
  renameSync(fresh, TOOLS_DIST);
  rmSync(old, { recursive: true, force: true });
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function startPreview(port) {
  const server = spawn('npx', ['vite', 'preview', '--outDir', TOOLS_DIST, '--port', String(port), '--strictPort'], { cwd: ROOT, stdio: 'ignore', detached: true });
  const stop = () => { try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ } };
  process.on('exit', stop);
  for (let i = 0; i < 150; i++) {
    try { if ((await fetch(`http://localhost:${port}/tools.html`)).ok) return stop; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  stop();
  throw new Error('vite preview did not start');
}

/**
 * Opens /tools.html; returns {page, close}. Every request that leaves localhost is aborted (the page
 * must not need the network). Throws with a clear message when Chromium is absent.
 */
export async function openToolsPage({ rebuild = false } = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  ensureToolsBuild({ force: rebuild });
  const port = Number(process.env.AFFECTSCOPE_TOOLS_PORT) || (await freePort());
  const stopServer = await startPreview(port);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'],
  });
  const close = async () => {
    await browser.close().catch(() => {});
    stopServer();
  };
  // Ctrl-C or kill: close the browser and the server too, not only this process.
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void close().finally(() => process.exit(130)));
  try {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    await context.route((url) => url.hostname !== 'localhost', (route) => route.abort());
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') log(`[page] ${message.text()}`);
    });
    page.on('pageerror', (error) => log(`[page error] ${error.message}`));
    await page.goto(`http://localhost:${port}/tools.html`);
    await page.waitForSelector('[data-testid="tools"][data-state="ready"]', { timeout: 60_000 });
    return { page, close, browserVersion: browser.version() };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Versions of the tools the data was made with, for the meta files. */
export function toolVersions(browserVersion) {
  const version = (pkg) => {
    try {
      return JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;
    } catch {
      return null;
    }
  };
  return {
    node: process.version,
    chromium: browserVersion,
    '@mediapipe/tasks-vision': version('@mediapipe/tasks-vision'),
    '@tensorflow/tfjs-core': version('@tensorflow/tfjs-core'),
    gitCommit: (() => { try { return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim(); } catch { return null; } })(),
  };
}
