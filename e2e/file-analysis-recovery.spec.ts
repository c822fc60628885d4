import { expect, test } from '@playwright/test';
import { ensureFaceVideo } from '../test-support/media.mjs';

const LITE_MODEL = 'av-mt-vgg-rnn-lite';
test.describe.configure({ timeout: 300_000 });

test('a file analysis is saved as it goes: the tab reloaded half-way leaves a recovered session with the frames analysed', async ({ page }) => {
  const video = ensureFaceVideo('webm');
  await page.goto(`/?backend=wasm&model=${LITE_MODEL}`);
  await page.getByTestId('file-input').setInputFiles(video);
  const panel = page.getByTestId('file-analysis');
  await expect.poll(async () => Number(await panel.getAttribute('data-frames-analysed')), { timeout: 120_000 }).toBeGreaterThanOrEqual(20);
  await panel.getByTestId('file-pause').click();
  await expect(panel).toHaveAttribute('data-phase', 'paused');
  // Frames in flight land, and every frame is written within a second of its result, also while paused.
  await page.waitForTimeout(2500);
  const analysed = Number(await panel.getAttribute('data-frames-analysed'));
  const frameCount = Number(await panel.getAttribute('data-frame-count'));
  expect(analysed).toBeLessThan(frameCount);

  await page.reload(); // the tab goes away mid-file: nothing finishes the session
  const row = page.getByTestId('session-row').first();
  await expect(row).toHaveAttribute('data-state', 'recovered', { timeout: 60_000 });
  await expect(row).toContainText(`${analysed} frames`);
  await expect(row.getByTestId('session-name')).toContainText('face-speech.webm');
});
