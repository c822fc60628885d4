import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { fileURLToPath } from 'node:url';
import { countVideoFrames, ensureFaceVideo } from '../test-support/media.mjs';

/** The trained lite model (the default), named so that a generated full-size test model can never be used instead. */
const LITE_MODEL = 'av-mt-vgg-rnn-lite';
/** The "Try it" clip as built into dist/ by `npm run setup` + the build. */
const DEMO_CLIP = fileURLToPath(new URL('../dist/demo/affectscope-demo.webm', import.meta.url));

// Video files made at test time: the face photo animated with a zoom, with espeak-ng speech (fixtures/media.mjs).
// A whole file is analysed per test: on a loaded 2-core machine that can take minutes, so the limits are wide.
test.describe.configure({ timeout: 420_000 });

async function numberAttr(locator: Locator, attr: string): Promise<number> {
  return Number(await locator.getAttribute(attr));
}

function watchConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

/** React keeps its own copy of an input's value: set it through the prototype's setter so onChange fires. */
async function setRange(slider: Locator, value: number) {
  await slider.evaluate((el: HTMLInputElement, v) => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(el, String(v));
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

test('a video file is analysed frame by frame with its soundtrack, saved as a session, replayed and exported', async ({ page }) => {
  const video = ensureFaceVideo('webm');
  const frameCount = countVideoFrames(video);
  const consoleErrors = watchConsoleErrors(page);
  await page.goto(`/?backend=wasm&model=${LITE_MODEL}`);
  await page.getByTestId('file-input').setInputFiles(video);
  const panel = page.getByTestId('file-analysis');
  await expect(panel).toHaveAttribute('data-frame-count', String(frameCount), { timeout: 60_000 });

  // The plots move while the file is analysed.
  await expect(panel.getByTestId('file-au-bars')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
  // The trained default's AUs were learned from measured AUs and its valence/arousal from derived targets: the file
  // view says so too.
  await expect(panel.getByTestId('file-derived-au')).toHaveAttribute('data-origin', 'measured');
  await expect(panel.getByTestId('file-derived-va')).toHaveAttribute('data-origin', 'derived');
  await expect(panel.getByTestId('crop')).toHaveAttribute('data-state', 'face');
  expect(await numberAttr(panel.getByTestId('circumplex'), 'data-points')).toBeGreaterThan(0);
  await expect(panel.getByTestId('file-expression-bars').locator('.bar-row')).toHaveCount(7);

  // Every frame of the file is analysed exactly once, and the soundtrack feeds the audio stream.
  await expect(panel).toHaveAttribute('data-phase', 'done', { timeout: 360_000 });
  expect(await numberAttr(panel, 'data-frames-analysed')).toBe(frameCount);
  expect(await numberAttr(panel.getByTestId('spectrogram'), 'data-frames')).toBeGreaterThan(100);
  await expect(panel.getByTestId('file-audio-note')).toHaveCount(0);
  expect(await numberAttr(panel.getByTestId('timeseries'), 'data-points')).toBe(frameCount);

  // The result is a session in the library: one frame record per video frame.
  await expect(panel).not.toHaveAttribute('data-session-id', '');
  const sessionId = await panel.getAttribute('data-session-id');
  const row = page.locator(`[data-testid="session-row"][data-session-id="${sessionId}"]`);
  await expect(row).toContainText(`${frameCount} frames`);
  await expect(row.getByTestId('session-name')).toHaveText(/^face-speech\.webm · \d/); // named by date too

  // Replay and export work on it; the ABAW files have one row per frame of the file.
  await panel.getByTestId('file-replay').click();
  await expect(panel).toHaveCount(0);
  const replay = page.getByTestId('replay');
  await expect(replay).toHaveAttribute('data-ready', 'true', { timeout: 15_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), replay.getByTestId('replay-export').click()]);
  const files = unzipSync(readFileSync(await download.path()));
  const manifest = JSON.parse(strFromU8(files['manifest.json']));
  expect(manifest.session.source).toMatchObject({ kind: 'file', fileName: 'face-speech.webm', frameCount });
  // format 2: the frames are predictions.json's rows (landmarks in landmarks.f32), not in the manifest
  expect(manifest.frameCount).toBe(frameCount);
  expect(JSON.parse(strFromU8(files['predictions.json']))).toHaveLength(frameCount);
  expect(manifest.session.model.derivedOutputs.actionUnits).toContain('blendshapes');
  expect(manifest.session.model.derivedOutputs.measured).toEqual(['actionUnits']);
  expect(Buffer.from(files['media.webm']).equals(readFileSync(video))).toBe(true);
  const vaLines = strFromU8(files['abaw/predictions_VA_Estimation.txt']).trimEnd().split('\n');
  expect(vaLines).toHaveLength(frameCount + 1);
  // The photo's face is found in (almost) every frame: few rows lack a value.
  expect(vaLines.slice(1).filter((l) => l === '-5,-5').length).toBeLessThanOrEqual(frameCount * 0.05);
  expect(strFromU8(files['predictions.csv']).trimEnd().split('\n')).toHaveLength(frameCount + 1);
  expect(consoleErrors).toEqual([]);
});

test('pause holds the analysis; seek jumps ahead and restarts the recurrent state there', async ({ page }) => {
  const video = ensureFaceVideo('mp4');
  const frameCount = countVideoFrames(video);
  const consoleErrors = watchConsoleErrors(page);
  await page.goto(`/?backend=wasm&model=${LITE_MODEL}`);
  await page.getByTestId('file-input').setInputFiles(video);
  const panel = page.getByTestId('file-analysis');
  // Polled often, so the pause lands early in the 90-frame file even on a fast machine.
  await expect.poll(() => numberAttr(panel, 'data-frames-analysed'), { timeout: 90_000, intervals: [50] }).toBeGreaterThan(3);

  await panel.getByTestId('file-pause').click();
  await expect(panel).toHaveAttribute('data-phase', 'paused');
  await page.waitForTimeout(500); // frames already in flight finish
  const held = await numberAttr(panel, 'data-frames-analysed');
  await page.waitForTimeout(1500);
  expect(await numberAttr(panel, 'data-frames-analysed')).toBe(held);
  expect(held).toBeLessThan(frameCount);

  // A jump to 2 s: frames between are skipped, analysis continues from the frame shown at 2 s.
  await setRange(panel.getByTestId('file-seek'), 2000);
  await panel.getByTestId('file-pause').click();
  await expect(panel).toHaveAttribute('data-phase', 'done', { timeout: 360_000 });
  expect(await numberAttr(panel, 'data-seeks')).toBe(1);
  // 30 fps file: results before 2 s are kept (frames 0…59 at most), frames 60…end are analysed after the jump
  const expected = Math.min(held, 60) + (frameCount - 60);
  expect(Math.abs((await numberAttr(panel, 'data-frames-analysed')) - expected)).toBeLessThanOrEqual(1);
  expect(await numberAttr(panel, 'data-current-ms')).toBeGreaterThan(2900);
  await expect(panel).not.toHaveAttribute('data-session-id', '');
  expect(consoleErrors).toEqual([]);
});

test('a backward seek while analysing goes on to the end, hearing the soundtrack from the new point', async ({ page }) => {
  const video = ensureFaceVideo('mp4');
  const frameCount = countVideoFrames(video);
  const consoleErrors = watchConsoleErrors(page);
  await page.goto(`/?backend=wasm&model=${LITE_MODEL}`);
  await page.getByTestId('file-input').setInputFiles(video);
  const panel = page.getByTestId('file-analysis');
  // past 1.2 s of the 3 s file: the soundtrack has been sent up to 2 s ahead of that. Paused there, so the seek
  // lands before the last frame however fast or loaded the machine is.
  await expect.poll(() => numberAttr(panel, 'data-current-ms'), { timeout: 180_000, intervals: [50] }).toBeGreaterThan(1200);
  await panel.getByTestId('file-pause').click();
  await expect(panel).toHaveAttribute('data-phase', 'paused');
  await setRange(panel.getByTestId('file-seek'), 300);
  await panel.getByTestId('file-pause').click();
  // (the soundtrack feed used to keep its old 'sent up to' time after a backward seek and send nothing new, so
  // the model worker waited for sound at 0.3 s for ever)
  await expect(panel).toHaveAttribute('data-phase', 'done', { timeout: 360_000 });
  expect(await numberAttr(panel, 'data-seeks')).toBe(1);
  expect(await numberAttr(panel, 'data-current-ms')).toBeGreaterThan(2900);
  // frames from 0.3 s on were analysed again, once each in the saved session
  expect(await numberAttr(panel, 'data-frames-analysed')).toBe(frameCount);
  await expect(panel.getByTestId('file-audio-note')).toHaveCount(0); // the soundtrack is still 'decoded'
  expect(consoleErrors).toEqual([]);
});

test('a video without a soundtrack is analysed video-only, and says so; the camera waits meanwhile', async ({ page }) => {
  const video = ensureFaceVideo('silent');
  const frameCount = countVideoFrames(video);
  await page.goto(`/?backend=wasm&model=${LITE_MODEL}`);
  await page.getByTestId('file-input').setInputFiles(video);
  const panel = page.getByTestId('file-analysis');
  await expect(page.getByTestId('camera-paused')).toBeVisible({ timeout: 60_000 });
  // held while the page is looked at, so a fast (or a starved) machine cannot finish the file in between
  await expect(panel).toHaveAttribute('data-phase', 'running', { timeout: 120_000 });
  await panel.getByTestId('file-pause').click();
  await expect(panel).toHaveAttribute('data-phase', 'paused');
  // the camera's card and plots are dimmed and badged meanwhile, not left looking live
  await expect(page.getByTestId('live-paused-badge')).toBeVisible();
  await expect(page.locator('main')).toHaveAttribute('data-live-paused', 'yes');
  // the performance panel does not show the camera's last frame rate as if it were current
  await expect(page.getByTestId('fps')).toHaveText('paused');
  await expect(page.getByTestId('stats-paused')).toContainText('while a video file is analysed');
  await panel.getByTestId('file-pause').click();
  await expect(panel).toHaveAttribute('data-phase', 'done', { timeout: 360_000 });
  await expect(panel.getByTestId('file-audio-note')).toContainText('no soundtrack');
  expect(await numberAttr(panel, 'data-frames-analysed')).toBe(frameCount);
  await expect(page.getByTestId('camera-paused')).toHaveCount(0);
  await expect(page.getByTestId('live-paused-badge')).toHaveCount(0);
  await expect(page.locator('main')).toHaveAttribute('data-live-paused', 'no');
  await expect(page.getByTestId('stats-paused')).toHaveCount(0);
  await expect(page.getByTestId('fps')).not.toHaveText('paused');
});

test('a file that is not a video is refused with a message that names it', async ({ page }) => {
  await page.goto(`/?backend=wasm&model=${LITE_MODEL}`);
  await expect(page.getByTestId('storage-usage')).toBeVisible({ timeout: 30_000 }); // the library is open: results are saved as they come
  await page.getByTestId('file-input').setInputFiles({ name: 'notes.mp4', mimeType: 'video/mp4', buffer: Buffer.from('this is not a video file at all') });
  const panel = page.getByTestId('file-analysis');
  await expect(panel).toHaveAttribute('data-phase', 'failed', { timeout: 60_000 });
  await expect(panel.getByTestId('file-error')).toContainText('"notes.mp4" cannot be read as a video');
  await panel.getByTestId('file-close').click();
  await expect(panel).toHaveCount(0);
});

test('a file picked, and a session imported, before the session library has opened wait for it rather than being refused or dropped', async ({ page }) => {
  // The library (IndexedDB) opens a moment after the page shows; hold that moment open until the test lets it end.
  await page.addInitScript(() => {
    const held: Array<() => void> = [];
    let released = false;
    (window as unknown as { releaseLibraryOpen: () => void }).releaseLibraryOpen = () => {
      released = true;
      for (const run of held.splice(0)) run();
    };
    const onsuccess = Object.getOwnPropertyDescriptor(IDBRequest.prototype, 'onsuccess')!;
    Object.defineProperty(IDBOpenDBRequest.prototype, 'onsuccess', {
      configurable: true,
      get() { return onsuccess.get!.call(this); },
      set(handler: ((event: Event) => void) | null) {
        onsuccess.set!.call(this, handler && function (this: IDBOpenDBRequest, event: Event) {
          if (released) handler.call(this, event);
          else held.push(() => handler.call(this, event));
        });
      },
    });
  });
  await page.goto(`/?backend=wasm&model=${LITE_MODEL}`);
  await page.getByTestId('file-input').setInputFiles({ name: 'notes.mp4', mimeType: 'video/mp4', buffer: Buffer.from('this is not a video file at all') });
  await expect(page.getByTestId('file-waiting')).toContainText('“notes.mp4” starts as soon as the session library has opened');
  await expect(page.getByTestId('file-input')).toBeDisabled(); // one file at a time, the waiting one included
  await page.getByTestId('session-import').setInputFiles({ name: 'half.zip', mimeType: 'application/zip', buffer: Buffer.from('PK not really a zip') });
  await expect(page.getByTestId('library-importing')).toContainText('half.zip');
  await expect(page.getByTestId('storage-usage')).toHaveCount(0); // still not open
  await page.evaluate(() => (window as unknown as { releaseLibraryOpen: () => void }).releaseLibraryOpen());
  // both go on once it is open: the file is read (and refused, being no video), the import is read (and refused)
  const panel = page.getByTestId('file-analysis');
  await expect(panel).toHaveAttribute('data-phase', 'failed', { timeout: 60_000 });
  await expect(panel.getByTestId('file-error')).toContainText('"notes.mp4" cannot be read as a video');
  await expect(page.getByTestId('file-start-error')).toHaveCount(0);
  await expect(page.getByTestId('file-waiting')).toHaveCount(0);
  await expect(page.getByTestId('library-error')).toContainText('zip');
  await expect(page.getByTestId('library-importing')).toHaveCount(0);
});

test('"Try it" analyses the demo clip the project generated, with speech', async ({ page }) => {
  const frameCount = countVideoFrames(DEMO_CLIP);
  const consoleErrors = watchConsoleErrors(page);
  await page.goto(`/?backend=wasm&model=${LITE_MODEL}`);
  await page.getByTestId('try-demo').click();
  const panel = page.getByTestId('file-analysis');
  await expect(panel.getByTestId('file-au-bars')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
  await expect(panel).toHaveAttribute('data-phase', 'done', { timeout: 360_000 });
  expect(await numberAttr(panel, 'data-frames-analysed')).toBe(frameCount);
  expect(await numberAttr(panel.getByTestId('spectrogram'), 'data-frames')).toBeGreaterThan(100);
  expect(consoleErrors).toEqual([]);
});

test('"Try it" says how to get the demo clip where it was not built', async ({ page }) => {
  await page.route('**/demo/affectscope-demo.webm', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto(`/?backend=wasm&model=${LITE_MODEL}`);
  await page.getByTestId('try-demo').click();
  await expect(page.getByTestId('demo-missing')).toContainText('apt-get install ffmpeg espeak-ng');
  await expect(page.getByTestId('file-analysis')).toHaveCount(0);
});
