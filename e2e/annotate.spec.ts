import { expect, test, type Locator, type Page } from '@playwright/test';
import { recordSeconds } from './helpers';

async function openReplay(page: Page): Promise<Locator> {
  await page.getByTestId('session-row').first().getByTestId('session-replay').click();
  const replay = page.getByTestId('replay');
  await expect(replay).toHaveAttribute('data-ready', 'true', { timeout: 15_000 });
  return replay;
}

const ANNOTATOR = 'Ann E2E';

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
  expect(consoleErrors).toEqual([]);
});
