#!/usr/bin/env node
/**
 * `npx affectscope analyze <video | folder> --out <dir>` (or `npm run analyze -- …`): runs video files through
 * the app's own TypeScript pipeline (MediaPipe + alignment + audio DSP + the model, /analyze.html of the built
 * app) in headless Chromium, and writes per video <out>/<name>/: frames.csv, frames.json (one row per analysed
 * frame) and the Aff-Wild2/ABAW files VA_Estimation.txt, EXPR_Recognition.txt, AU_Detection.txt (one row per
 * video frame, from the largest face in each frame), plus done.json, the mark of a complete result. When the video
 * had several people (two tracked faces together in at least 10 frames), each face track also gets its own ABAW set,
 * one row per video frame (-5/-1 where
 * that face was not in view): left_… and right_… for two people in view together, else track<id>_…; they are
 * streamed as track<id>_… and renamed at the end, and done.json lists them (`tracks`, `outputs`). Each video's
 * folder is written beside and renamed into place, so an interrupted run leaves no half result; a rerun skips
 * videos whose done.json matches the file (size, mtime) and the model. Unreadable files are listed at the end; the
 * exit status is 1 when any failed.
 */
import { existsSync, realpathSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FatalError, parseCli, USAGE, UsageError } from './lib/analyze-cli.mjs';
import { analyseOne, chosenModelId, ensureBuilt, formatDuration, openAnalyzePage } from './lib/analyze-page.mjs';
import { isComplete, listVideos, prepareOutDir, startResult, VIDEO_EXTENSIONS, writeResult } from './lib/analyze-results.mjs';
import { isSameOrigin, serveStatic } from './lib/static-server.mjs';

async function main() {
  const options = parseCli(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const videos = listVideos(options.inputs[0]);
  if (videos.length === 0) throw new UsageError(`no video files (${[...VIDEO_EXTENSIONS].join(' ')}) in ${options.inputs[0]}`);
  const release = prepareOutDir(options.out);
  try {
    return await analyseAll(options, videos);
  } finally {
    release();
  }
}

async function analyseAll(options, videos) {
  if (!existsSync(options.chromium)) throw new FatalError(`Chromium not found at ${options.chromium}: install it (apt-get install chromium) or pass --chromium <path>`);
  ensureBuilt(options.dist);
  const modelId = chosenModelId(options.dist, options.model);
  const log = (line) => process.stderr.write(`analyze: ${line}\n`);

  const todo = videos.filter((v) => options.force || !isComplete(options.out, v, modelId));
  const skipped = videos.length - todo.length;
  if (skipped > 0) log(`${skipped} of ${videos.length} already done, skipped (--force to redo): ${videos.filter((v) => !todo.includes(v)).map((v) => basename(v.path)).join(', ')}`);
  const failures = [];
  let done = 0;
  if (todo.length > 0) {
    const server = await serveStatic(options.dist);
    // playwright-core, a runtime dependency: a user's install of the bin has no devDependencies (@playwright/test).
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: options.chromium,
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'],
    });
    try {
      const context = await browser.newContext({ serviceWorkers: 'block' });
      // Nothing may leave the machine: the page is served here, and any other request is refused.
      // Parsed origins, not a prefix: `${origin}@elsewhere/` starts with the origin but is another host.
      await context.route((url) => !isSameOrigin(url, server.origin), (route) => route.abort());
      /** where the page's rows go: the partial folder of the video being analysed */
      const target = { dir: null };
      let page = await openAnalyzePage(context, server.origin, options, target);
      const totalBytes = todo.reduce((n, v) => n + statSync(v.path).size, 0);
      let bytesDone = 0;
      const batchStartMs = Date.now();
      for (const [i, video] of todo.entries()) {
        const label = `[${i + 1}/${todo.length}] ${basename(video.path)}`;
        const bytes = statSync(video.path).size;
        const startMs = Date.now();
        let outcome;
        target.dir = startResult(options.out, video);
        try {
          outcome = await analyseOne(page, video, (p) => {
            const fraction = p.durationMs ? Math.min(1, p.currentTimeMs / p.durationMs) : 0;
            const leftMs = p.fps > 0 && p.frameCount ? ((p.frameCount - p.framesAnalysed) / p.fps) * 1000 : NaN;
            const elapsedMs = Date.now() - batchStartMs;
            const doneBytes = bytesDone + fraction * bytes;
            const batchLeftMs = doneBytes > 0 && fraction > 0 ? ((totalBytes - doneBytes) / doneBytes) * elapsedMs : NaN;
            log(`${label}: ${p.framesAnalysed}/${p.frameCount ?? '?'} frames, ${p.fps.toFixed(1)} fps, ${formatDuration(leftMs)} left · files ${done}/${todo.length} done, ${failures.length} failed, batch ~${formatDuration(batchLeftMs)} left`);
          });
        } catch (error) {
          outcome = { ok: false, error: error instanceof Error ? error.message : String(error) };
          // The page may be stuck or gone: start a fresh one for the next video.
          await page.close().catch(() => undefined);
          page = await openAnalyzePage(context, server.origin, options, target);
        }
        bytesDone += bytes;
        let marker = null;
        if (outcome.ok) {
          // placing the result (renaming the track files it names) fails this video only, not the batch
          try {
            marker = writeResult(options.out, video, outcome, Date.now() - startMs);
          } catch (error) {
            outcome = { ok: false, error: `could not write the result: ${error instanceof Error ? error.message : String(error)}` };
          }
        }
        if (marker) {
          done += 1;
          log(`${label}: done, ${marker.framesAnalysed} frames in ${formatDuration(marker.wallMs)} (${marker.framesPerSecond} fps, file ${outcome.frameRateHz.toFixed(1)} fps) → ${join(options.out, video.name)}`);
        } else {
          rmSync(target.dir, { recursive: true, force: true });
          failures.push({ video, error: outcome.error });
          log(`${label}: FAILED: ${outcome.error}`);
        }
      }
    } finally {
      await browser.close().catch(() => undefined);
      await server.close();
    }
  }
  log(`${done} analysed, ${skipped} skipped (already done), ${failures.length} failed, of ${videos.length} video(s)`);
  if (failures.length > 0) {
    log('could not analyse:');
    for (const { video, error } of failures) log(`  ${video.path}: ${error}`);
    return 1;
  }
  return 0;
}

// Run as a program (node bin/affectscope.mjs, npm run analyze, or the `affectscope` bin, a symlink), not when imported.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      if (error instanceof UsageError) {
        process.stderr.write(`affectscope analyze: ${error.message}\n\n${USAGE}\n`);
        process.exit(2);
      }
      if (error instanceof FatalError) {
        process.stderr.write(`affectscope analyze: ${error.message}\n`);
        process.exit(2);
      }
      // A system error (a full disk while writing results…) says all in its message; anything else is a bug: its stack.
      const systemError = error instanceof Error && typeof error.code === 'string' && typeof error.syscall === 'string';
      process.stderr.write(`affectscope analyze: ${systemError ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
