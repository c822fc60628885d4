// The headless page `affectscope analyze` drives: the built app's /analyze.html, built first when missing.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, UsageError } from './analyze-cli.mjs';
import { appendRows } from './analyze-results.mjs';

/** A video whose analysis shows no new frame for this long is given up (the page is then restarted). */
const STALL_MS = 180_000;
const PROGRESS_INTERVAL_MS = 2000;

/** The model the page will use: --model, else the app's default (the first trained one in models/index.json, else the first). */
export function chosenModelId(dist, requested) {
  if (requested) return requested;
  const index = JSON.parse(readFileSync(join(dist, 'models/index.json'), 'utf8'));
  return (index.find((m) => m.trained) ?? index[0])?.id ?? null;
}

export function formatDuration(ms) {
  if (!Number.isFinite(ms)) return '?';
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 3600 ? `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}` : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function ensureBuilt(dist) {
  if (existsSync(join(dist, 'analyze.html'))) return;
  if (dist !== join(ROOT, 'dist')) throw new UsageError(`${dist} has no analyze.html: build the app there first`);
  process.stderr.write('analyze: the app is not built yet: npm run setup && vite build …\n');
  execFileSync(process.execPath, [join(ROOT, 'tools/build/setup.mjs')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

export async function openAnalyzePage(context, origin, options, target) {
  const page = await context.newPage();
  await page.exposeFunction('__affectscopeAnalyzeAppend', (pieces) => appendRows(target, pieces));
  if (options.verbose) page.on('console', (m) => process.stderr.write(`page: ${m.text()}\n`));
  const query = new URLSearchParams({ backend: options.backend, ...(options.model ? { model: options.model } : {}) });
  await page.goto(`${origin}/analyze.html?${query}`);
  const root = page.getByTestId('analyze');
  await root.and(page.locator('[data-state="ready"], [data-state="failed"]')).waitFor({ timeout: 60_000 });
  if ((await root.getAttribute('data-state')) === 'failed') throw new Error(`the analysis page could not start: ${await root.getAttribute('data-error')}`);
  return page;
}

/** Analyses one video in `page`; calls onProgress about every 2 s. Resolves with the page's outcome ({ok, …}). */
export async function analyseOne(page, video, onProgress) {
  await page.getByTestId('analyze-input').setInputFiles(video.path);
  const outcome = page.evaluate(() => window.__affectscopeAnalyze.analyse());
  let settled = false;
  outcome.finally(() => (settled = true)).catch(() => undefined);
  let lastFrames = -1;
  let lastChangeMs = Date.now();
  while (!settled) {
    await Promise.race([outcome.catch(() => undefined), new Promise((r) => setTimeout(r, PROGRESS_INTERVAL_MS))]);
    if (settled) break;
    const progress = await page.evaluate(() => window.__affectscopeAnalyze.progress()).catch(() => null);
    if (progress) {
      onProgress(progress);
      if (progress.framesAnalysed !== lastFrames) [lastFrames, lastChangeMs] = [progress.framesAnalysed, Date.now()];
    }
    if (Date.now() - lastChangeMs > STALL_MS) throw new Error(`no progress for ${STALL_MS / 1000} s`);
  }
  return outcome;
}

