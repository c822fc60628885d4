import { expect, test, type Page } from '@playwright/test';
import { waitForPredictions } from './helpers';

async function startRecording(page: Page): Promise<void> {
  await page.getByTestId('record-button').click();
  await expect(page.getByTestId('record-button')).toHaveAttribute('data-state', 'recording');
  await page.waitForTimeout(3000);
}

/** The newest session row once nothing is recording any more. */
async function newestSession(page: Page) {
  const row = page.getByTestId('session-row').first();
  await expect(row).toHaveAttribute('data-state', 'complete', { timeout: 15_000 });
  return { row, durationMs: Number(await row.getByTestId('session-duration').getAttribute('data-ms')) };
}

test('the camera changes or is unplugged while recording: the recording stops with a message, the session is finished', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await waitForPredictions(page);

  // A camera change as the camera picker makes it (the fake device is the only camera: it is chosen again).
  await startRecording(page);
  await page.evaluate(async () => {
    const controller = (window as unknown as { __affectscope: { selectCamera(id: string): Promise<void>; getSnapshot(): { cameraId?: string } } }).__affectscope;
    await controller.selectCamera(controller.getSnapshot().cameraId ?? '');
  });
  await expect(page.getByTestId('record-button')).toHaveAttribute('data-state', 'idle', { timeout: 10_000 });
  await expect(page.getByTestId('recording-error')).toHaveText(/^Recording stopped because the camera changed; \d+\.\d s saved\./);
  const changed = await newestSession(page);
  expect(changed.durationMs).toBeGreaterThan(2500);
  await expect(changed.row).toContainText(/\d{2,} frames/);

  // An unplug: the live track ends by itself (stop() alone fires no 'ended'; see camera-unplug.spec.ts).
  await waitForPredictions(page);
  await startRecording(page);
  await page.getByTestId('video').evaluate((video: HTMLVideoElement) => {
    const track = (video.srcObject as MediaStream).getVideoTracks()[0];
    track.stop();
    track.dispatchEvent(new Event('ended'));
  });
  await expect(page.getByTestId('record-button')).toHaveAttribute('data-state', 'idle', { timeout: 10_000 });
  await expect(page.getByTestId('recording-error')).toHaveText(/^Recording stopped because the camera stopped \(unplugged .*\); \d+\.\d s saved\.$/);
  await expect(page.getByTestId('session-row')).toHaveCount(2);
  const unplugged = await newestSession(page);
  expect(unplugged.durationMs).toBeGreaterThan(2500);

  // After a reload nothing is left 'recording' or needs recovery.
  await page.reload();
  await expect(page.getByTestId('session-row')).toHaveCount(2, { timeout: 30_000 });
  for (const row of await page.getByTestId('session-row').all()) await expect(row).toHaveAttribute('data-state', 'complete');
});
