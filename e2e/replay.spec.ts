import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { recordSeconds, replayMediaState, setRange } from './helpers';
import { countVideoFrames, streamCodecs } from '../test-support/media.mjs';
import { strFromU8, unzipSync } from 'fflate';
import { uniformFrameTimesMs } from '../src/core/session';

async function rowFacts(row: Locator) {
  const text = await row.textContent();
  return {
    id: await row.getAttribute('data-session-id'),
    durationMs: Number(await row.getByTestId('session-duration').getAttribute('data-ms')),
    frameCount: Number(/(\d+) frames/.exec(text ?? '')?.[1]),
  };
}

async function frameTimeMs(replay: Locator): Promise<number> {
  return Number(await replay.getByTestId('replay-frame').getAttribute('data-media-time-ms'));
}

/** Clicks Export and returns the downloaded zip's files. */
async function exportZip(page: Page, replay: Locator): Promise<{ fileName: string; bytes: Buffer; files: Record<string, Uint8Array> }> {
  const [download] = await Promise.all([page.waitForEvent('download'), replay.getByTestId('replay-export').click()]);
  const bytes = readFileSync(await download.path());
  return { fileName: download.suggestedFilename(), bytes, files: unzipSync(bytes) };
}

/**
 * Waits for playback to pass 0.5 s. Whole-suite runs have seen the decoder stop this recording at 0:00 (MediaError 3);
 * the replay now restarts it (media-recovery.ts). A restart is printed; a failure that stays writes the recording and
 * what ffmpeg's decoder says of it into the test's output, so the next one can be told apart from a corrupt file.
 */
async function playsPastHalfASecond(page: Page, replay: Locator): Promise<void> {
  const video = replay.getByTestId('replay-video');
  try {
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 }).toBeGreaterThan(0.5);
  } catch (failure) {
    const shown = await replay.getByTestId('replay-error').textContent().catch(() => null);
    const { files } = await exportZip(page, replay);
    const mediaPath = test.info().outputPath('media.webm');
    writeFileSync(mediaPath, files['media.webm']);
    const decoded = spawnSync('ffmpeg', ['-nostdin', '-v', 'error', '-i', mediaPath, '-f', 'null', '-'], { encoding: 'utf8' });
    throw new Error(`replay did not play past 0.5 s; the page said: ${shown ?? '(no error)'}; ffmpeg decoding the exported media.webm (kept at ${mediaPath}): exit ${decoded.status}, ${decoded.stderr.trim() || 'no errors'}`, { cause: failure });
  }
  const recoveries = await replay.getAttribute('data-media-recoveries');
  if (recoveries !== '0') console.log(`replay: ${recoveries} decoder restart(s): ${await replay.getByTestId('replay-recovered').textContent()}`);
}

// Failed once in a fresh-clone run of the whole suite (the replay video's currentTime stayed 0 for 10 s after Play) and
// passed 5 of 5 alone; the cause is not found. Retried once so one stall does not hide the rest; its assertions are unchanged.
test.describe.configure({ retries: 1 });

test('replay follows the video, exports a zip that imports back identical; a truncated zip is refused', async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto('/?backend=wasm');
  await recordSeconds(page, 4);
  const row = page.getByTestId('session-row');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-state', 'complete');
  const recorded = await rowFacts(row);
  expect(recorded.durationMs).toBeGreaterThan(3000);
  expect(recorded.frameCount).toBeGreaterThan(10);
  // the first save asked for persistent storage: the library says what the browser answered
  const persisted = page.getByTestId('storage-persisted');
  await expect(persisted).toHaveAttribute('data-state', /^(persisted|best-effort)$/);
  if ((await persisted.getAttribute('data-state')) === 'best-effort') await expect(persisted).toContainText('export the ones you need');

  // ── playback drives the plots ──
  await row.getByTestId('session-replay').click();
  const replay = page.getByTestId('replay');
  await expect(replay).toHaveAttribute('data-ready', 'true', { timeout: 15_000 });
  // the live camera is not analysed behind the replay (the CPU plays and annotates); it says so on the camera view
  await expect(page.locator('main')).toHaveAttribute('data-live-paused', 'yes');
  await expect(page.getByTestId('live-paused-badge')).toHaveText('paused while a session is replayed');
  const predictionsAtOpen = Number(await page.getByTestId('outputs').getAttribute('data-predictions'));
  const video = replay.getByTestId('replay-video');
  await expect(replay.getByTestId('replay-time')).toHaveAttribute('data-duration-ms', String(recorded.durationMs));
  // MediaRecorder's WebM has no duration in its header (Infinity) until the view has probed it
  const mediaDurationS = await video.evaluate((v: HTMLVideoElement) => v.duration);
  expect(Math.abs(mediaDurationS - recorded.durationMs / 1000)).toBeLessThan(1);
  // at 0:00, before playing, the circumplex shows the frame the bars show: the first analysed one (none when that
  // came over 500 ms after 0:00, a slow start on a loaded machine)
  const shownAtStart = Number(await replay.getByTestId('replay-frame').getAttribute('data-index'));
  expect([0, -1]).toContain(shownAtStart);
  await expect.poll(async () => Number(await replay.getByTestId('circumplex').getAttribute('data-points'))).toBe(shownAtStart + 1);
  await replay.getByTestId('replay-play').click();
  await playsPastHalfASecond(page, replay);
  await expect(replay.getByTestId('replay-au-bars')).toHaveAttribute('data-state', 'live');
  await expect(replay.getByTestId('replay-expression-bars')).toHaveAttribute('data-state', 'live');
  expect(Number(await replay.getByTestId('circumplex').getAttribute('data-points'))).toBeGreaterThan(0);
  // the session's valence/arousal are on the timeline under the video (the replay has no "last 30 s" series)
  expect(Number(await replay.locator('[data-testid=timeline-lane][data-lane=model-va]').getAttribute('data-frames'))).toBeGreaterThan(0);
  // The default weights learned AUs and valence/arousal from derived targets: the replay says so, as the live view did.
  await expect(replay.getByTestId('replay-derived-au')).toBeVisible();
  await expect(replay.getByTestId('replay-derived-va')).toBeVisible();

  // ── paused scrubbing: the frame shown is the recorded one nearest the slider's time, and stays ──
  await replay.getByTestId('replay-play').click();
  await expect(replay.getByTestId('replay-play')).toHaveAttribute('data-state', 'paused');
  const first = await exportZip(page, replay);
  const manifest = JSON.parse(strFromU8(first.files['manifest.json']));
  // format 2: the frames are predictions.json's rows (landmarks in landmarks.f32), not in the manifest
  const frameRows: Array<{ mediaTimeMs: number }> = JSON.parse(strFromU8(first.files['predictions.json']));
  await setRange(replay.getByTestId('replay-seek'), 1000);
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeCloseTo(1, 1);
  const videoMs = await video.evaluate((v: HTMLVideoElement) => v.currentTime * 1000);
  // How far that is from 1000 ms depends on the live analysis rate while recording (slow on a loaded machine).
  const nearestMs = frameRows
    .map((f) => f.mediaTimeMs)
    .reduce((best, t) => (Math.abs(t - videoMs) < Math.abs(best - videoMs) ? t : best), Infinity);
  expect(Math.abs(nearestMs - videoMs)).toBeLessThan(500);
  await expect.poll(() => frameTimeMs(replay)).toBe(nearestMs);
  const shown = await frameTimeMs(replay);
  await page.waitForTimeout(1000);
  expect(await frameTimeMs(replay)).toBe(shown);
  expect(await video.evaluate((v: HTMLVideoElement) => v.paused)).toBe(true);

  await replay.getByTestId('replay-speed').selectOption('2');
  expect(await video.evaluate((v: HTMLVideoElement) => v.playbackRate)).toBe(2);

  // ── export (made above, before the seek): manifest, media and ABAW files with one row per 30 fps video frame ──
  expect(first.fileName).toMatch(/\.zip$/);
  for (const name of ['manifest.json', 'media.webm', 'landmarks.f32', 'predictions.json', 'predictions.csv', 'abaw/predictions_VA_Estimation.txt', 'abaw/predictions_EXPR_Recognition.txt', 'abaw/predictions_AU_Detection.txt']) {
    expect(Object.keys(first.files)).toContain(name);
  }
  expect(manifest).toMatchObject({ type: 'affectscope-session', version: 3, frameCount: recorded.frameCount });
  expect(manifest.session.durationMs).toBe(recorded.durationMs);
  expect(frameRows).toHaveLength(recorded.frameCount);
  // Chromium records H.264 + Opus (the codec that costs the live loop least, README), which another decoder
  // (ffprobe) reads too: every frame of the recording decodes.
  expect(manifest.session.media.mimeType).toBe('video/webm;codecs=h264,opus');
  const mediaPath = join(mkdtempSync(join(tmpdir(), 'affectscope-replay-')), 'media.webm');
  writeFileSync(mediaPath, first.files['media.webm']);
  expect(streamCodecs(mediaPath).sort()).toEqual(['h264', 'opus']);
  expect(countVideoFrames(mediaPath)).toBeGreaterThan((recorded.durationMs / 1000) * 15);
  const vaLines = strFromU8(first.files['abaw/predictions_VA_Estimation.txt']).trimEnd().split('\n');
  expect(vaLines[0]).toBe('valence,arousal');
  expect(vaLines.length - 1).toBe(uniformFrameTimesMs(recorded.durationMs, 30).length);
  // seconds of replay and export later, at most a frame that was already on its way was analysed
  const livePredictions = Number(await page.getByTestId('outputs').getAttribute('data-predictions'));
  expect(livePredictions - predictionsAtOpen).toBeLessThanOrEqual(2);
  await replay.getByTestId('replay-close').click();
  await expect(replay).toHaveCount(0);
  // closed: the live analysis goes on
  await expect(page.locator('main')).toHaveAttribute('data-live-paused', 'no');
  await expect.poll(async () => Number(await page.getByTestId('outputs').getAttribute('data-predictions'))).toBeGreaterThan(livePredictions);

  // ── delete, import the zip: the same session comes back ──
  await row.getByTestId('session-delete').click();
  await expect(row).toHaveCount(0);
  await page.getByTestId('session-import').setInputFiles({ name: first.fileName, mimeType: 'application/zip', buffer: first.bytes });
  await expect(row).toHaveCount(1);
  expect(await rowFacts(row)).toEqual(recorded);
  await expect(page.getByTestId('library-error')).toHaveCount(0);
  // the library says what came in
  await expect(page.getByTestId('library-imported')).toContainText(`from ${first.fileName}: `);
  await expect(page.getByTestId('library-imported')).toContainText(`${recorded.frameCount} frames`);

  await row.getByTestId('session-replay').click();
  await expect(replay).toHaveAttribute('data-ready', 'true', { timeout: 15_000 });
  const second = await exportZip(page, replay);
  expect(JSON.parse(strFromU8(second.files['manifest.json'])).session.media.sha256).toBe(manifest.session.media.sha256);
  // every field survives the round trip: the re-exported session equals the original one
  expect(JSON.parse(strFromU8(second.files['manifest.json'])).session).toEqual(manifest.session);
  expect(Buffer.from(second.files['media.webm']).equals(Buffer.from(first.files['media.webm']))).toBe(true);
  await replay.getByTestId('replay-close').click();

  // ── a truncated zip: a message about the zip, the library as it was ──
  const half = first.bytes.subarray(0, first.bytes.length >> 1);
  await page.getByTestId('session-import').setInputFiles({ name: 'half.zip', mimeType: 'application/zip', buffer: half });
  await expect(page.getByTestId('library-error')).toContainText('zip');
  await expect(page.getByTestId('library-imported')).toHaveCount(0);
  await expect(row).toHaveCount(1);
  expect(await rowFacts(row)).toEqual(recorded);
  expect(consoleErrors).toEqual([]);
});

test('a replay video whose decoder fails goes on in a new element from where it stopped; one that stops for good says so, with the time and what to do', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await recordSeconds(page, 3);
  await page.getByTestId('session-row').first().getByTestId('session-replay').click();
  const replay = page.getByTestId('replay');
  await expect(replay).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  const video = replay.getByTestId('replay-video');
  await replay.getByTestId('replay-speed').selectOption('1.5');
  await replay.getByTestId('replay-play').click();
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 }).toBeGreaterThan(0.8);
  // Chromium's real decoder failure can come by itself under load (one CI run had one at 0:00, recovered): count from here.
  const recoveriesBefore = Number(await replay.getAttribute('data-media-recoveries'));
  // Chromium's decoder failure (MediaError 3) under load cannot be made on purpose: the element is given that error.
  // Its replacement fails too, the moment it is in the page, before it was told where to go on (as one CI run met it,
  // and the replay then sat paused): the third element must still go on playing, at the chosen speed.
  const failedAtS = await video.evaluate((v: HTMLVideoElement) => {
    type Failing = HTMLVideoElement & { failedElement?: boolean };
    const fail = (element: Failing) => {
      element.failedElement = true;
      Object.defineProperty(element, 'error', { value: { code: 3, message: 'PIPELINE_ERROR_DECODE (made by the test)' } });
      element.pause();
      element.dispatchEvent(new Event('error'));
    };
    const wrap = v.parentElement as HTMLElement;
    const observer = new MutationObserver(() => {
      const replacement = wrap.querySelector('video') as Failing | null;
      if (!replacement || replacement === v) return;
      observer.disconnect();
      fail(replacement);
    });
    observer.observe(wrap, { childList: true });
    const atS = v.currentTime;
    fail(v);
    return atS;
  });
  // (a real failure of a new element, at the same point, gets one more: count at least these two)
  const recoveries = async () => Number(await replay.getAttribute('data-media-recoveries'));
  await expect.poll(recoveries).toBeGreaterThanOrEqual(recoveriesBefore + 2);
  await expect(replay.getByTestId('replay-recovered')).toContainText(/decoder stopped at (0:0\d( \(twice\)| \(\d times\))?, )*0:0\d( \(twice\)| \(\d times\))? and was restarted there/);
  // a new element, at the failure point, playing on; no error is shown
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => (v as HTMLVideoElement & { failedElement?: boolean }).failedElement ?? false)).toBe(false);
  await expect(replay).toHaveAttribute('data-ready', 'true');
  // Read only between seeks: while the new element seeks (to the end for its duration, back to 0, then to the failure
  // point) currentTime is the target. Once it is ready, a time past the failure point can only come from playing.
  const playedS = () => video.evaluate((v: HTMLVideoElement) => (v.seeking ? -1 : v.currentTime));
  try {
    await expect.poll(playedS, { timeout: 10_000 }).toBeGreaterThan(failedAtS + 0.3);
  } catch (e) {
    throw new Error(`the new element did not play on from ${failedAtS} s: ${await replayMediaState(replay)}`, { cause: e });
  }
  await expect(replay.getByTestId('replay-error')).toHaveCount(0);
  expect(await video.evaluate((v: HTMLVideoElement) => v.playbackRate)).toBe(1.5);

  // Unreadable bytes (MediaError 4) are not retried: the same file would fail again. The message says what to do.
  const recoveriesBeforeFormatError = await recoveries();
  await video.evaluate((v: HTMLVideoElement) => {
    v.src = URL.createObjectURL(new Blob([new Uint8Array(4096).fill(7)], { type: 'video/webm' }));
  });
  await expect(replay.getByTestId('replay-error')).toContainText(/The recording .* at 0:00 .*playback stopped\. Close the replay and open the session again/);
  expect(await recoveries()).toBe(recoveriesBeforeFormatError);
});
