import { expect, test } from '@playwright/test';
import { CROSSING } from '../test-support/media.mjs';

interface SeenFace {
  trackId: number;
  /** box centre as a fraction of the frame */
  xCentre: number;
  yCentre: number;
}

// Fixture (test-support/media.mjs, crossing.y4m): a larger head high in the frame and a smaller one low, walking
// past each other (they cross at 1 s), standing, and walking back, on a 6 s loop. The rows never overlap.
test('two faces walking past each other: the ids follow the faces, not the sides @crossing', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('phase')).toHaveText('running', { timeout: 90_000 });
  await expect(page.getByTestId('track-option')).toHaveCount(2, { timeout: 60_000 });
  // Watched once the page analyses both faces steadily: right after the second face is found its first predictions
  // can take over a second on a loaded 2-core machine (a CI run saw a 1.1 s gap there, a face missed in it, and a new
  // id 1.7 s after it was last seen, which is what the tracker's 1 s memory is for); 10 more predictions first.
  const outputs = page.getByTestId('outputs');
  const predictionsNow = Number(await outputs.getAttribute('data-predictions'));
  await expect.poll(async () => Number(await outputs.getAttribute('data-predictions')), { timeout: 60_000 }).toBeGreaterThan(predictionsNow + 10);

  // Every face result for longer than one loop: each face goes from one side to the other and back.
  const frames = await page.evaluate((durationMs) => new Promise<SeenFace[][]>((resolve) => {
    type Face = { faces: { trackId: number; box: { xPx: number; yPx: number; widthPx: number; heightPx: number } }[]; frameWidthPx: number; frameHeightPx: number };
    const controller = (window as unknown as { __affectscope: { subscribe(l: () => void): () => void; getSnapshot(): { face: Face | null } } }).__affectscope;
    const seen: SeenFace[][] = [];
    let last: Face | null = null;
    const off = controller.subscribe(() => {
      const face = controller.getSnapshot().face;
      if (!face || face === last) return;
      last = face;
      seen.push(face.faces.map(({ trackId, box }) => ({
        trackId, xCentre: (box.xPx + box.widthPx / 2) / face.frameWidthPx, yCentre: (box.yPx + box.heightPx / 2) / face.frameHeightPx,
      })));
    });
    setTimeout(() => { off(); resolve(seen); }, durationMs);
  }), 2 * (CROSSING.walkSeconds + CROSSING.pauseSeconds) * 1000 + 1500);

  // Kept with the report: one line per face result, e.g. "2@0.21,0.31 3@0.70,0.81".
  await test.info().attach('faces.txt', {
    body: frames.map((faces) => faces.map((f) => `${f.trackId}@${f.xCentre.toFixed(2)},${f.yCentre.toFixed(2)}`).join(' ')).join('\n'),
    contentType: 'text/plain',
  });
  // Which face is which comes from its row: the larger head is in the top half, the smaller one in the bottom half.
  const both = frames.filter((faces) => faces.length === 2);
  expect(both.length).toBeGreaterThan(10);
  const big = both.map((faces) => faces.find((f) => f.yCentre < 0.5)!);
  const small = both.map((faces) => faces.find((f) => f.yCentre >= 0.5)!);
  expect(big.every(Boolean) && small.every(Boolean)).toBe(true);
  // The faces did swap sides while we watched...
  expect(Math.min(...big.map((f) => f.xCentre))).toBeLessThan(0.35);
  expect(Math.max(...big.map((f) => f.xCentre))).toBeGreaterThan(0.65);
  expect(Math.min(...small.map((f) => f.xCentre))).toBeLessThan(0.35);
  expect(Math.max(...small.map((f) => f.xCentre))).toBeGreaterThan(0.65);
  // ...and each kept its id throughout: ids follow the faces, not the positions.
  const bigIds = new Set(big.map((f) => f.trackId));
  const smallIds = new Set(small.map((f) => f.trackId));
  expect([...bigIds]).toHaveLength(1);
  expect([...smallIds]).toHaveLength(1);
  expect(bigIds).not.toEqual(smallIds);
});
