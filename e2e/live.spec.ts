import { expect, test, type Page } from '@playwright/test';

/** Records console errors and every request that leaves localhost, for the privacy and cleanliness checks. */
function watch(page: Page) {
  const consoleErrors: string[] = [];
  const offOrigin: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.context().on('request', (r) => {
    const url = new URL(r.url());
    if (!['localhost', '127.0.0.1'].includes(url.hostname) && !['blob:', 'data:'].includes(url.protocol)) offOrigin.push(r.url());
  });
  return { consoleErrors, offOrigin };
}

async function numberAttr(page: Page, testId: string, attr: string): Promise<number> {
  return Number(await page.getByTestId(testId).getAttribute(attr));
}

/** Mean brightness and spread of the crop canvas: a face photo is neither black nor flat. */
async function cropStats(page: Page) {
  return page.getByTestId('crop').evaluate((canvas: HTMLCanvasElement) => {
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let sum = 0; let sumSq = 0; const n = data.length / 4;
    for (let i = 0; i < data.length; i += 4) { const v = (data[i] + data[i + 1] + data[i + 2]) / 3; sum += v; sumSq += v * v; }
    const mean = sum / n;
    return { widthPx: canvas.width, mean, std: Math.sqrt(sumSq / n - mean * mean) };
  });
}

async function expectLivePipeline(page: Page, backend: string) {
  await expect(page.getByTestId('phase')).toHaveText('running', { timeout: 90_000 });
  await expect(page.getByTestId('backend')).toHaveText(backend);
  // A face is found and the aligned crop shows it.
  await expect(page.getByTestId('crop')).toHaveAttribute('data-state', 'face', { timeout: 60_000 });
  await expect(page.getByTestId('overlay')).toHaveAttribute('data-face', 'yes');
  const crop = await cropStats(page);
  expect(crop.widthPx).toBe(96);
  expect(crop.mean).toBeGreaterThan(30);
  expect(crop.std).toBeGreaterThan(15);
  // Spectrogram frames flow and predictions keep updating. The strip's count comes with the model worker's
  // results, so it starts with the first prediction, which on software WebGPU waits for shader compilation
  // (over 30 s on a loaded 2-core machine).
  await expect.poll(() => numberAttr(page, 'outputs', 'data-predictions'), { timeout: 60_000 }).toBeGreaterThan(0);
  const frames0 = await numberAttr(page, 'spectrogram', 'data-frames');
  const predictions0 = await numberAttr(page, 'outputs', 'data-predictions');
  await expect.poll(() => numberAttr(page, 'spectrogram', 'data-frames'), { timeout: 30_000 }).toBeGreaterThan(frames0 + 10);
  await expect.poll(() => numberAttr(page, 'outputs', 'data-predictions'), { timeout: 60_000 }).toBeGreaterThan(predictions0 + 2);
  // Every plot renders live values.
  await expect(page.getByTestId('au-bars')).toHaveAttribute('data-state', 'live');
  await expect(page.getByTestId('expression-bars')).toHaveAttribute('data-state', 'live');
  await expect(page.getByTestId('au-bars').locator('.bar-row')).toHaveCount(8);
  await expect(page.getByTestId('expression-bars').locator('.bar-row')).toHaveCount(7);
  // The landmarker's own AUs (its blendshapes mapped by src/core/au) are live beside the network's, and say what they are.
  await expect(page.getByTestId('measured-au-bars')).toHaveAttribute('data-state', 'live');
  await expect(page.getByTestId('measured-au-bars').locator('.bar-row')).toHaveCount(8);
  const measured = (await page.getByTestId('measured-au-bars').locator('.bar-value').allTextContents()).map(Number);
  expect(measured.every((v) => v >= 0 && v <= 1)).toBe(true);
  await expect(page.getByTestId('measured-au-tag')).toBeVisible();
  await expect(page.getByTestId('measured-au-tag')).toHaveAttribute('title', /another model: MediaPipe .* mapped to AUs by a documented table/);
  expect(await numberAttr(page, 'circumplex', 'data-points')).toBeGreaterThan(0);
  expect(await numberAttr(page, 'timeseries', 'data-points')).toBeGreaterThan(0);
  await expect(page.getByTestId('va-readout')).toContainText('valence');
  // The default weights are trained; the outputs not learned from human labels say where their targets came from:
  // the AU head from the landmarker's measured AUs, valence/arousal from derived targets.
  await expect(page.getByTestId('untrained-badge')).toHaveCount(0);
  await expect(page.getByTestId('derived-au')).toHaveAttribute('data-origin', 'measured');
  await expect(page.getByTestId('derived-au')).toHaveText('measured targets');
  await expect(page.getByTestId('derived-va')).toHaveAttribute('data-origin', 'derived');
  await expect(page.getByTestId('model-derived-actionUnits')).toContainText("trained on another model's measurement");
  await expect(page.getByTestId('model-derived-actionUnits')).toContainText('blendshapes');
  await expect(page.getByTestId('model-derived-valenceArousal')).toContainText('FER+');
}

test('an untrained model is labelled as such and never shown as affect predictions', async ({ page }) => {
  await page.goto('/?backend=wasm&model=av-mt-vgg-rnn-lite-init');
  await expect(page.getByTestId('untrained-badge')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('outputs')).toContainText('untrained network — not a prediction');
});

test('live pipeline on wasm: face, crop, spectrogram, predictions, plots; nothing leaves localhost', async ({ page }) => {
  const { consoleErrors, offOrigin } = watch(page);
  await page.goto('/?backend=wasm');
  await expectLivePipeline(page, 'wasm');
  await expect(page.getByTestId('fps')).not.toHaveText('0.0');
  expect(consoleErrors).toEqual([]);
  expect(offOrigin).toEqual([]);
});

test('automatic backend choice reports why each faster backend was skipped', async ({ page }) => {
  const { consoleErrors } = watch(page);
  await page.goto('/');
  await expect(page.getByTestId('phase')).toHaveText('running', { timeout: 90_000 });
  const backend = await page.getByTestId('backend').textContent();
  expect(['webgpu', 'webgl', 'wasm', 'cpu']).toContain(backend);
  if (backend !== 'webgpu') await expect(page.getByTestId('skipped-backends')).toContainText('webgpu');
  // The user can switch backend at run time.
  await page.getByTestId('backend-select').selectOption('cpu');
  await expect(page.getByTestId('backend')).toHaveText('cpu', { timeout: 60_000 });
  const predictions = await numberAttr(page, 'outputs', 'data-predictions');
  await expect.poll(() => numberAttr(page, 'outputs', 'data-predictions'), { timeout: 60_000 }).toBeGreaterThan(predictions + 1);
  expect(consoleErrors).toEqual([]);
});

test('live pipeline on WebGPU @webgpu', async ({ page }) => {
  test.setTimeout(180_000); // software WebGPU: 1.0–1.4 min here, more than half the default when the machine is loaded
  const { consoleErrors, offOrigin } = watch(page);
  await page.goto('/?backend=webgpu');
  await expectLivePipeline(page, 'webgpu');
  expect(consoleErrors.filter((e) => !/powerPreference/.test(e))).toEqual([]);
  expect(offOrigin).toEqual([]);
});
