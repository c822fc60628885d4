import { expect, test } from '@playwright/test';

test('camera denied: the page says so and how to fix it @permissions', async ({ page }) => {
  await page.goto('/?backend=wasm');
  const message = page.getByTestId('message-camera-denied');
  await expect(message).toBeVisible({ timeout: 30_000 });
  await expect(message).toContainText('Allow the camera');
  await expect(message.getByRole('button', { name: 'Retry' })).toBeVisible();
  // The plots say what is missing: the camera, not a face.
  await expect(page.getByTestId('au-bars')).toHaveAttribute('data-state', 'no-camera');
  await expect(page.getByTestId('va-readout')).toHaveText('no camera');
});

test('microphone denied: runs video-only and says so @permissions', async ({ page, context }) => {
  await context.grantPermissions(['camera']);
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('message-microphone-denied')).toContainText('video-only', { timeout: 30_000 });
  await expect(page.getByTestId('crop')).toHaveAttribute('data-state', 'face', { timeout: 90_000 });
  await expect(page.getByTestId('au-bars')).toHaveAttribute('data-state', 'live');
});

test('corrupt model file: a clear integrity error naming the file', async ({ page, context }) => {
  // context.route also sees the worker's requests.
  await context.route('**/models/**/weights*.bin', async (route) => {
    const response = await route.fetch();
    const body = Buffer.from(await response.body());
    body[body.length >> 1] ^= 0xff;
    await route.fulfill({ response, body });
  });
  await page.goto('/?backend=wasm');
  const message = page.getByTestId('message-model-integrity');
  await expect(message).toBeVisible({ timeout: 60_000 });
  await expect(message).toContainText('weights');
  await expect(page.getByTestId('phase')).toHaveText('failed');
});

test('missing model file: says which file and how to get it', async ({ page, context }) => {
  await context.route('**/models/**/weights*.bin', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('message-model-missing')).toContainText('npm run setup', { timeout: 60_000 });
});

test('no face in view: "no face" message, plots show no stale values @noface', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('phase')).toHaveText('running', { timeout: 90_000 });
  await expect(page.getByTestId('message-no-face')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('au-bars')).toHaveAttribute('data-state', 'no-face');
  await expect(page.getByTestId('expression-bars')).toHaveAttribute('data-state', 'no-face');
  await expect(page.getByTestId('va-readout')).toHaveText('no face');
  await expect(page.getByTestId('crop')).toHaveAttribute('data-state', 'empty');
});

test('WebGPU asked for but missing: says so and keeps analysing on another backend', async ({ page }) => {
  // The 'wasm' project launches Chromium without --enable-unsafe-webgpu.
  await page.goto('/?backend=webgpu');
  const message = page.getByTestId('message-webgpu-missing');
  await expect(message).toContainText('WebGPU is not available', { timeout: 60_000 });
  await expect(page.getByTestId('phase')).toHaveText('running');
  await expect(page.getByTestId('backend')).not.toHaveText('webgpu');
  await expect(page.getByTestId('au-bars')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
});

test('corrupt face_landmarker.task: names the file and how to get it again', async ({ page, context }) => {
  await context.route('**/vendor/mediapipe/face_landmarker.task', async (route) => {
    const response = await route.fetch();
    const body = Buffer.from(await response.body());
    body[1000] ^= 0xff;
    await route.fulfill({ response, body });
  });
  await page.goto('/?backend=wasm');
  const message = page.getByTestId('message-landmarker-integrity');
  await expect(message).toContainText('face_landmarker.task is corrupt', { timeout: 60_000 });
  await expect(message).toContainText('npm run setup');
  await expect(page.getByTestId('phase')).toHaveText('failed');
});
