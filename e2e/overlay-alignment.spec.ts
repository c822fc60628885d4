import { expect, test } from '@playwright/test';

// The face box and landmarks are drawn on a canvas laid over the <video>; they only land on the face if the
// canvas covers exactly the rectangle where the video's picture is shown (no letterbox bars inside <video>).
test('the overlay canvas covers exactly the displayed video picture', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('overlay')).toHaveAttribute('data-face', 'yes', { timeout: 90_000 });
  const geometry = await page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>('[data-testid="video"]')!;
    const overlay = document.querySelector<HTMLCanvasElement>('[data-testid="overlay"]')!;
    const v = video.getBoundingClientRect();
    const o = overlay.getBoundingClientRect();
    // object-fit: contain (the default for <video>): the picture is scaled to fit and centred.
    const scale = Math.min(v.width / video.videoWidth, v.height / video.videoHeight);
    const w = video.videoWidth * scale;
    const h = video.videoHeight * scale;
    const picture = { left: v.left + (v.width - w) / 2, top: v.top + (v.height - h) / 2, width: w, height: h };
    return { picture, overlay: { left: o.left, top: o.top, width: o.width, height: o.height } };
  });
  for (const key of ['left', 'top', 'width', 'height'] as const) {
    expect(Math.abs(geometry.overlay[key] - geometry.picture[key]), `${key}: ${JSON.stringify(geometry)}`).toBeLessThan(2);
  }
});
