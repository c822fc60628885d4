import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { recordSeconds, replayMediaState, setRange } from './helpers';

async function openReplay(page: Page): Promise<Locator> {
  await page.getByTestId('session-row').first().getByTestId('session-replay').click();
  const replay = page.getByTestId('replay');
  await expect(replay).toHaveAttribute('data-ready', 'true', { timeout: 15_000 });
  return replay;
}

const ANNOTATOR = 'Ann E2E';
/** the README's frame-rate conversion limit: samples at most this far apart are bridged */
const MAX_GAP_MS = 200;

/** The two entries of sorted `timesMs` around t (at or before, at or after), or undefined past an end. */
function around(timesMs: number[], t: number): [number | undefined, number | undefined] {
  const after = timesMs.findIndex((x) => x >= t);
  if (after < 0) return [timesMs.length - 1, undefined];
  return [timesMs[after] === t ? after : after - 1 >= 0 ? after - 1 : undefined, after];
}

/** ABAW VA rows (after the header) as "-5,-5" or values. */
function abawVaRows(files: Record<string, Uint8Array>, name: string): string[] {
  return strFromU8(files[name]).trimEnd().split('\n').slice(1);
}

test('a rating pass goes on across a decoder restart: the new video element is rated from where the old one stopped', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await recordSeconds(page, 8);
  const replay = await openReplay(page);
  const panel = page.getByTestId('annotation-panel');
  await panel.getByTestId('annotator-name').fill(ANNOTATOR);
  const pad = panel.getByTestId('va-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.3);
  await panel.getByTestId('va-start').click();
  const status = panel.getByTestId('va-status');
  await expect(status).toHaveAttribute('data-phase', 'rating', { timeout: 10_000 });
  const samples = async () => Number(await status.getAttribute('data-samples'));
  await expect.poll(samples).toBeGreaterThan(3);
  // Chromium's decoder failure under load cannot be made on purpose: the playing element is given that error.
  // (A real one may already have come and been recovered: count from here.)
  const recoveriesBefore = Number(await replay.getAttribute('data-media-recoveries'));
  await page.getByTestId('replay-video').evaluate((v: HTMLVideoElement) => {
    Object.defineProperty(v, 'error', { value: { code: 3, message: 'PIPELINE_ERROR_DECODE (made by the test)' } });
    v.dispatchEvent(new Event('error'));
  });
  // (a real failure of the new element, at the same point, gets one more: count at least this one)
  await expect.poll(async () => Number(await replay.getAttribute('data-media-recoveries'))).toBeGreaterThan(recoveriesBefore);
  const atRestart = await samples();
  // the pass goes on (10 Hz on the media clock) with the new element, and is still the same pass
  try {
    await expect.poll(samples, { timeout: 15_000 }).toBeGreaterThan(atRestart + 5);
  } catch (e) {
    throw new Error(`the rating pass did not go on (${await samples()} samples, ${atRestart} at the restart): ${await replayMediaState(replay)}`, { cause: e });
  }
  await expect(status).toHaveAttribute('data-phase', 'rating');
  await panel.getByTestId('va-stop').click();
  await expect(status).toHaveAttribute('data-phase', 'idle');
  expect(Number(await status.getAttribute('data-saved-samples'))).toBeGreaterThan(atRestart + 5);
});

test('annotate: rate valence–arousal with the mouse during playback; the track is stored and compared with the model', async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  await page.goto('/?backend=wasm');
  // 8 s leaves a wide margin: on a loaded 2-core machine the ~2 s sweep below can take twice as long,
  // and Stop must come before the video ends.
  await recordSeconds(page, 8);
  await openReplay(page);

  const panel = page.getByTestId('annotation-panel');
  await expect(panel.getByTestId('va-start')).toBeDisabled(); // no annotator yet
  await panel.getByTestId('annotator-name').fill(ANNOTATOR);
  const pad = panel.getByTestId('va-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);

  await panel.getByTestId('va-start').click();
  await expect(panel.getByTestId('va-countdown')).toHaveText('3');
  const status = panel.getByTestId('va-status');
  await expect(status).toHaveAttribute('data-phase', 'rating', { timeout: 10_000 });
  // a diagonal sweep from negative–calm to positive–aroused and back: both dimensions vary
  // (about 2 s, well before the 8 s video ends, so Stop is what ends the pass)
  for (let i = 0; i <= 12; i++) {
    const f = i <= 6 ? i / 6 : (12 - i) / 6;
    await page.mouse.move(box.x + box.width * (0.1 + 0.8 * f), box.y + box.height * (0.9 - 0.8 * f), { steps: 2 });
    await page.waitForTimeout(100);
  }
  const valence = Number(await pad.getAttribute('data-valence'));
  expect(valence).toBeLessThan(0); // back near the lower-left end of the sweep
  await panel.getByTestId('va-stop').click();
  await expect(status).toHaveAttribute('data-phase', 'idle');
  // ~2 s rated at 10 Hz, ended by Stop: the video is paused before its end
  expect(Number(await status.getAttribute('data-saved-samples'))).toBeGreaterThan(10);
  expect(await page.getByTestId('replay-video').evaluate((v: HTMLVideoElement) => v.paused && !v.ended)).toBe(true);

  const row = panel.locator(`[data-testid=agreement-row][data-kind=va][data-a=model][data-b="${ANNOTATOR}"]`);
  await expect(row.getByTestId('agreement-value')).toHaveText(/^CCC V -?\d\.\d\d · A -?\d\.\d\d$/);

  // stored, not only shown: after a reload the replay still lists the annotator's track
  await page.reload();
  await expect(page.getByTestId('session-row')).toHaveCount(1, { timeout: 30_000 });
  await openReplay(page);
  await expect(page.locator(`[data-testid=agreement-row][data-kind=va][data-b="${ANNOTATOR}"]`).getByTestId('agreement-value')).toHaveText(/CCC V -?\d\.\d\d/);

  // ── export (README "Frame-rate conversion"): every 30 fps frame between two rating samples ≤ 200 ms apart has a
  // value (not every third one), and so does every frame between two analysed frames that both found a face ──
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('replay').getByTestId('replay-export').click()]);
  const files = unzipSync(readFileSync(await download.path()));
  const session = JSON.parse(strFromU8(files['manifest.json'])).session;
  const rating = session.annotations.find((t: { kind: string; annotator: string }) => t.kind === 'va' && t.annotator === ANNOTATOR);
  const sampleTimesMs: number[] = rating.samples.map((s: { mediaTimeMs: number }) => s.mediaTimeMs);
  const ratedName = Object.keys(files).find((n) => n.startsWith('abaw/') && n.endsWith('_VA_Estimation.txt') && !n.startsWith('abaw/predictions_'))!;
  const rated = abawVaRows(files, ratedName);
  const modelRows = abawVaRows(files, 'abaw/predictions_VA_Estimation.txt');
  // format 2: the frames are predictions.json's rows (landmarks in landmarks.f32), not in the manifest
  const analysed: Array<{ mediaTimeMs: number; faceFound: boolean }> = JSON.parse(strFromU8(files['predictions.json']));
  const analysedTimesMs = analysed.map((f) => f.mediaTimeMs);
  let spanned = 0;
  rated.forEach((row, k) => {
    const t = (k * 1000) / 30;
    const [i, j] = around(sampleTimesMs, t);
    if (i !== undefined && j !== undefined && sampleTimesMs[j] - sampleTimesMs[i] <= MAX_GAP_MS) {
      spanned++;
      expect(row, `rating, frame ${k}`).not.toBe('-5,-5');
    }
    const [a, b] = around(analysedTimesMs, t);
    if (a !== undefined && b !== undefined && analysed[a].faceFound && analysed[b].faceFound && analysedTimesMs[b] - analysedTimesMs[a] <= MAX_GAP_MS) {
      expect(modelRows[k], `model, frame ${k}`).not.toBe('-5,-5');
    }
  });
  // ~2 s rated: about 60 frames spanned, each with a value
  expect(spanned).toBeGreaterThan(30);
  const ratedCsv = strFromU8(files[ratedName.replace('abaw/', 'frames/').replace('_VA_Estimation.txt', '_va.csv')]).trimEnd().split('\n');
  expect(ratedCsv[0]).toBe('frame,mediaTimeMs,valence,arousal,missing');
  ratedCsv.slice(1).forEach((line, k) => expect(line.endsWith(',not-rated'), `frames csv, frame ${k}`).toBe(rated[k] === '-5,-5'));
  expect(consoleErrors).toEqual([]);
});

test.describe('with a touch screen and a gamepad', () => {
  test.use({ hasTouch: true });

  test('two annotators (gamepad, touch) rate VA, label expression segments and AUs; each is compared with the model and with the other', async ({ page }) => {
    const consoleErrors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    // No gamepad can be plugged into a headless CI browser: navigator.getGamepads() returns one whose left stick
    // the test moves (what a connected pad reports after a button press). Everything after that is the page's code.
    await page.addInitScript(() => {
      const pad = { id: 'affectscope e2e stick', index: 0, connected: true, mapping: 'standard', axes: [0, 0, 0, 0], buttons: [], timestamp: 0 };
      (window as unknown as { __stick: typeof pad }).__stick = pad;
      Object.defineProperty(navigator, 'getGamepads', { value: () => [pad, null, null, null], configurable: true });
    });
    const stick = (x: number, y: number) => page.evaluate(([sx, sy]) => { (window as unknown as { __stick: { axes: number[] } }).__stick.axes = [sx, sy, 0, 0]; }, [x, y]);
    await page.goto('/?backend=wasm');
    await recordSeconds(page, 10);
    const replay = await openReplay(page);
    const panel = page.getByTestId('annotation-panel');
    const pad = panel.getByTestId('va-pad');
    const status = panel.getByTestId('va-status');
    const name = panel.getByTestId('annotator-name');

    // ── annotator 1 from the start: the gamepad's stick, up and to the right (positive valence and arousal) ──
    await name.fill('Pad');
    await panel.getByTestId('va-start').click();
    await expect(status).toHaveAttribute('data-phase', 'rating', { timeout: 10_000 });
    await stick(0.9, -0.9);
    await expect.poll(async () => Number(await pad.getAttribute('data-valence'))).toBeGreaterThan(0.3);
    expect(Number(await pad.getAttribute('data-arousal'))).toBeGreaterThan(0.3);
    // half a second of playback, on the media clock: play() can take longer than that to start on a loaded machine
    // (CI once saved 1 sample after a fixed 500 ms wait)
    const playedS = () => page.getByTestId('replay-video').evaluate((v: HTMLVideoElement) => v.currentTime);
    const ratedFromS = await playedS();
    await expect.poll(playedS, { timeout: 15_000 }).toBeGreaterThan(ratedFromS + 0.5);
    await stick(0, 0);
    await panel.getByTestId('va-stop').click();
    await expect(status).toHaveAttribute('data-phase', 'idle');
    expect(Number(await status.getAttribute('data-saved-samples'))).toBeGreaterThan(3);

    // expression segment (Happiness) and an AU12 presence span over about a second of playback
    const play = replay.getByTestId('replay-play');
    await panel.getByTestId('expr-label-Happiness').click();
    await panel.getByTestId('au-toggle-AU12').click();
    await play.click();
    await page.waitForTimeout(1000);
    await panel.getByTestId('expr-end').click();
    await panel.getByTestId('au-toggle-AU12').click();
    await play.click();
    await expect(play).toHaveAttribute('data-state', 'paused');
    await expect(panel.getByTestId('expr-count')).toHaveAttribute('data-count', '1');
    await expect(panel.getByTestId('au-count')).toHaveAttribute('data-count', '1');
    // a label closed with the video paused has no length: nothing is saved, and the panel says why
    await panel.getByTestId('expr-label-Sadness').click();
    await panel.getByTestId('expr-end').click();
    await expect(panel.getByTestId('label-hint')).toContainText('Sadness: nothing saved: the video did not move');
    await expect(panel.getByTestId('expr-count')).toHaveAttribute('data-count', '1');

    // ── annotator 2, over the same stretch of video: a finger dragged across the pad (touch events → pointer
    // events with pointerType 'touch') ──
    await setRange(replay.getByTestId('replay-seek'), 0);
    await expect.poll(() => page.getByTestId('replay-video').evaluate((v: HTMLVideoElement) => v.currentTime)).toBeLessThan(0.1);
    await name.fill('Touch');
    await pad.scrollIntoViewIfNeeded();
    const box = (await pad.boundingBox())!;
    await panel.getByTestId('va-start').click();
    await expect(status).toHaveAttribute('data-phase', 'rating', { timeout: 10_000 });
    const cdp = await page.context().newCDPSession(page);
    const at = (fx: number, fy: number) => [{ x: box.x + box.width * fx, y: box.y + box.height * fy }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0.5, 0.5) });
    for (let i = 1; i <= 10; i++) {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(0.5 - 0.04 * i, 0.5 + 0.04 * i) });
      await page.waitForTimeout(100);
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    // lower left: negative valence, low arousal
    expect(Number(await pad.getAttribute('data-valence'))).toBeLessThan(-0.5);
    expect(Number(await pad.getAttribute('data-arousal'))).toBeLessThan(-0.5);
    await panel.getByTestId('va-stop').click();
    await expect(status).toHaveAttribute('data-phase', 'idle');

    // ── Touch labels Happiness over the whole recording: on the frames both labelled, Pad and Touch agree on one
    // class throughout → accuracy 1, and kappa undefined (chance agreement p_e = 1), never 0 ──
    const seek = replay.getByTestId('replay-seek');
    const videoTimeS = () => page.getByTestId('replay-video').evaluate((v: HTMLVideoElement) => v.currentTime);
    await setRange(seek, 0);
    await expect.poll(videoTimeS).toBeLessThan(0.1);
    await panel.getByTestId('expr-label-Happiness').click();
    const endMs = Number(await seek.getAttribute('max')) - 50;
    await setRange(seek, endMs);
    await expect.poll(videoTimeS).toBeGreaterThan(endMs / 1000 - 0.2);
    await panel.getByTestId('expr-end').click();

    // ── agreement: each annotator with the model, and the two annotators with each other ──
    const value = (kind: string, a: string, b: string) =>
      panel.locator(`[data-testid=agreement-row][data-kind=${kind}][data-a="${a}"][data-b="${b}"]`).getByTestId('agreement-value');
    await expect(value('va', 'model', 'Pad')).toHaveText(/^CCC V -?\d\.\d\d · A -?\d\.\d\d$/);
    await expect(value('va', 'model', 'Touch')).toHaveText(/^CCC V -?\d\.\d\d · A -?\d\.\d\d$/);
    await expect(value('va', 'Pad', 'Touch')).toHaveText(/^CCC V (-?\d\.\d\d|n\/a) · A (-?\d\.\d\d|n\/a)$/);
    await expect(value('expression', 'model', 'Pad')).toHaveText(/^macro F1 \d\.\d\d$/);
    const statistic = (kind: string, a: string, b: string, testId: string) =>
      panel.locator(`[data-testid=agreement-row][data-kind=${kind}][data-a="${a}"][data-b="${b}"]`).getByTestId(testId);
    await expect(statistic('expression', 'model', 'Pad', 'agreement-classes')).toHaveText(/^over the classes present: /);
    await expect(statistic('expression', 'Pad', 'Touch', 'agreement-accuracy')).toHaveText('accuracy 1.00');
    await expect(statistic('expression', 'Pad', 'Touch', 'agreement-kappa')).toHaveText('κ undefined');
    await expect(statistic('expression', 'Pad', 'Touch', 'agreement-kappa')).toHaveAttribute('title', /one and the same class/);
    await expect(statistic('expression', 'Pad', 'Touch', 'agreement-value')).toHaveText('macro F1 1.00');
    await expect(statistic('expression', 'Pad', 'Touch', 'agreement-classes')).toHaveText('over the classes present: Happiness');
    await expect(value('au', 'model', 'Pad')).toHaveText(/^mean F1 (\d\.\d\d|n\/a)$/);
    expect(consoleErrors).toEqual([]);
  });
});
