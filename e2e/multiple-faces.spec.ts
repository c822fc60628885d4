import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { uniformFrameTimesMs } from '../src/core/session';
import { TWO_FACES_HEIGHTS_PX } from '../test-support/media.mjs';
import { recordSeconds } from './helpers';

interface TrackedFace {
  status: string;
  faceCount: number;
  box: { xPx: number; yPx: number; widthPx: number; heightPx: number } | null;
  frameWidthPx: number;
}

async function predictionsTotal(page: Page): Promise<number> {
  return Number(await page.getByTestId('outputs').getAttribute('data-predictions'));
}

/** Every face result the controller publishes during `ms` (not only the newest one). */
async function collectFaces(page: Page, ms: number): Promise<TrackedFace[]> {
  return page.evaluate((duration) => new Promise<TrackedFace[]>((resolve) => {
    type Snapshot = { face: TrackedFace | null };
    const controller = (window as unknown as {
      __affectscope: { subscribe(listener: () => void): () => void; getSnapshot(): Snapshot };
    }).__affectscope;
    const seen: TrackedFace[] = [];
    let last: TrackedFace | null = null;
    const off = controller.subscribe(() => {
      const face = controller.getSnapshot().face;
      if (face && face !== last) {
        last = face;
        seen.push({ status: face.status, faceCount: face.faceCount, box: face.box, frameWidthPx: face.frameWidthPx });
      }
    });
    setTimeout(() => { off(); resolve(seen); }, duration);
  }), ms);
}

// Fixture (e2e/fixtures/media.mjs, twofaces.y4m): the same head twice on grey, left copy 420 px tall at x 40..390,
// right copy 200 px tall at x ~433..600, both centred vertically. The landmark box of a head copy is about half
// its height (~210 px and ~100 px).
test('two faces in view: says so, keeps predicting, the larger face is the primary one @twofaces', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('phase')).toHaveText('running', { timeout: 90_000 });
  const message = page.getByTestId('message-multiple-faces');
  // The fast one-face tracker probes for more faces every 30 frames: the message can take a second or more.
  await expect(message).toBeVisible({ timeout: 60_000 });
  await expect(message).toContainText('2 faces');
  await expect(message).toContainText('each is tracked');
  await expect(page.getByTestId('crop')).toHaveAttribute('data-state', 'face');

  const before = await predictionsTotal(page);
  await expect.poll(() => predictionsTotal(page), { timeout: 60_000 }).toBeGreaterThan(before + 2);
  await expect(page.getByTestId('au-bars')).toHaveAttribute('data-state', 'live');

  const faces = await collectFaces(page, 3000);
  expect(faces.length).toBeGreaterThan(2);
  // Once several faces are seen the several-face landmarker runs on every frame until they leave: no flicker back to 'ok'.
  for (const face of faces) {
    expect(face.status).toBe('multiple-faces');
    expect(face.faceCount).toBe(2);
    const box = face.box!;
    // The primary face is the larger (left) copy: measured ~210 px tall (~0.5 × 420) against ~100 px for the right one; it lies
    // inside the left copy (x 40..390 in the unmirrored frame the workers see).
    expect(box.heightPx).toBeGreaterThan(TWO_FACES_HEIGHTS_PX.left * 0.35);
    expect(box.xPx).toBeGreaterThan(40);
    expect(box.xPx + box.widthPx).toBeLessThan(390);
  }
});

interface LiveTrackView { trackId: number; inView: boolean; hasPrediction: boolean; historyLength: number }

async function liveTracks(page: Page): Promise<LiveTrackView[]> {
  return page.evaluate(() => {
    type Track = { trackId: number; face: unknown; prediction: unknown };
    const controller = (window as unknown as {
      __affectscope: { getSnapshot(): { tracks: Track[] }; tracks: { history(id: number): unknown[] } };
    }).__affectscope;
    return controller.getSnapshot().tracks.map((t) => ({
      trackId: t.trackId, inView: t.face !== null, hasPrediction: t.prediction !== null, historyLength: controller.tracks.history(t.trackId).length,
    }));
  });
}

test('two faces live: two tracks, each with its id on its box, a picker entry and plots of its own @twofaces', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('phase')).toHaveText('running', { timeout: 90_000 });
  const options = page.getByTestId('track-option');
  await expect(options).toHaveCount(2, { timeout: 60_000 });
  await expect(page.getByTestId('track-label')).toHaveCount(2);
  // Each face is run through the network from its own recurrent state and gets its own history.
  await expect.poll(async () => (await liveTracks(page)).filter((t) => t.inView && t.hasPrediction && t.historyLength > 2).length, { timeout: 60_000 }).toBe(2);
  const ids = (await liveTracks(page)).map((t) => t.trackId);
  expect(new Set(ids).size).toBe(2);

  // By default the plots follow the larger (primary) face.
  const outputs = page.getByTestId('outputs');
  const primary = await page.evaluate(() => (window as unknown as { __affectscope: { getSnapshot(): { face: { trackId: number } } } }).__affectscope.getSnapshot().face.trackId);
  await expect(outputs).toHaveAttribute('data-track', String(primary));
  await expect(options.and(page.locator(`[data-track-id="${primary}"]`))).toHaveAttribute('aria-pressed', 'true');

  // Picking the other face (in the picker, then back on its box) switches every plot to that face.
  const other = ids.find((id) => id !== primary)!;
  await options.and(page.locator(`[data-track-id="${other}"]`)).click();
  await expect(outputs).toHaveAttribute('data-track', String(other));
  await expect(page.getByTestId('va-readout')).toContainText('valence');
  await expect(page.getByTestId('au-bars')).toHaveAttribute('data-state', 'live');
  await page.getByTestId('track-label').and(page.locator(`[data-track-id="${primary}"]`)).click();
  await expect(outputs).toHaveAttribute('data-track', String(primary));

  // A recording keeps both people: its export has an ABAW file set per face, the larger one on the left.
  await recordSeconds(page, 3);
  await page.getByTestId('session-row').first().getByTestId('session-replay').click();
  const replay = page.getByTestId('replay');
  await expect(replay).toHaveAttribute('data-ready', 'true', { timeout: 15_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), replay.getByTestId('replay-export').click()]);
  const files = unzipSync(readFileSync(await download.path()));
  const manifest = JSON.parse(strFromU8(files['manifest.json']));
  expect(manifest.tracks.find((t: { name: string }) => t.name === 'left').trackId).toBe(primary);
  expect(manifest.tracks.find((t: { name: string }) => t.name === 'right').trackId).toBe(other);
  // Every analysed frame with a face holds both (the live rate, and so how many video frames get a value, depends on load).
  const rows: Array<{ faceFound: boolean; trackId?: number; otherFaces?: Array<{ trackId: number; valence: number | null }> }> = JSON.parse(strFromU8(files['predictions.json']));
  const withFace = rows.filter((r) => r.faceFound);
  expect(withFace.length).toBeGreaterThan(0);
  expect(withFace.filter((r) => r.trackId === primary && r.otherFaces?.[0]?.trackId === other && r.otherFaces[0].valence !== null).length).toBeGreaterThanOrEqual(withFace.length * 0.8);
  for (const name of ['left', 'right']) {
    const lines = strFromU8(files[`abaw/predictions_${name}_VA_Estimation.txt`]).trimEnd().split('\n').slice(1);
    expect(lines.length).toBe(uniformFrameTimesMs(manifest.session.durationMs, 30).length);
    expect(lines.filter((l) => l !== '-5,-5').length, `${name} frames with a value`).toBeGreaterThan(0);
  }
  await expect(replay.getByTestId('replay-track-option')).toHaveText(['largest face', 'left face', 'right face']);
});
