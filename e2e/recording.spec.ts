import { expect, test, type Page } from '@playwright/test';
import { waitForPredictions } from './helpers';

async function sessionDurationMs(page: Page, index = 0): Promise<number> {
  return Number(await page.getByTestId('session-duration').nth(index).getAttribute('data-ms'));
}

test('record 5 s, reload: the session is listed with its duration, frames and size; rename and delete work', async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  await page.goto('/?backend=wasm');
  await waitForPredictions(page);
  const clickedRecordAt = Date.now();
  await page.getByTestId('record-button').click();
  await expect(page.getByTestId('record-button')).toHaveAttribute('data-state', 'recording');
  await page.waitForTimeout(5000);
  await page.getByTestId('record-button').click();
  await expect(page.getByTestId('record-button')).toHaveAttribute('data-state', 'idle');
  // what was recorded cannot be longer than the time from the Record click to the recorder having stopped
  // (a loaded machine stretches that beyond the 5 s waited; CI once saw 6.7 s)
  const recordedAtMostMs = Date.now() - clickedRecordAt;
  await expect(page.getByTestId('session-row')).toHaveCount(1);

  await page.reload();
  await expect(page.getByTestId('session-row')).toHaveCount(1, { timeout: 30_000 });
  const row = page.getByTestId('session-row').first();
  await expect(row).toHaveAttribute('data-state', 'complete');
  const durationMs = await sessionDurationMs(page);
  expect(durationMs).toBeGreaterThan(4500);
  expect(durationMs).toBeLessThan(recordedAtMostMs + 250);
  expect(Number(await row.getByTestId('session-size').getAttribute('data-bytes'))).toBeGreaterThan(10_000);
  await expect(row).toContainText(/\d{2,} frames/);
  await expect(page.getByTestId('storage-usage')).toContainText('left');

  await row.getByTestId('session-rename').click();
  await row.getByTestId('session-name-input').fill('calm reading');
  await row.getByRole('button', { name: 'Save' }).click();
  await expect(row.getByTestId('session-name')).toHaveText('calm reading');
  await page.reload();
  await expect(page.getByTestId('session-name').first()).toHaveText('calm reading', { timeout: 30_000 });

  page.on('dialog', (dialog) => void dialog.accept());
  await page.getByTestId('session-delete').first().click();
  await expect(page.getByTestId('session-row')).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test('closing the page mid-recording: the session is recovered on the next visit up to its last chunk', async ({ context }) => {
  const first = await context.newPage();
  await first.goto('/?backend=wasm');
  await waitForPredictions(first);
  await first.getByTestId('record-button').click();
  await expect(first.getByTestId('record-button')).toHaveAttribute('data-state', 'recording');
  await first.waitForTimeout(3500);
  await first.close(); // no Stop: like closing the tab

  const second = await context.newPage();
  await second.goto('/?backend=wasm');
  await expect(second.getByTestId('library-recovered')).toBeVisible({ timeout: 30_000 });
  const row = second.getByTestId('session-row').first();
  await expect(row).toHaveAttribute('data-state', 'recovered');
  const durationMs = await sessionDurationMs(second);
  // Chunks are written every second: at most the last one is lost.
  expect(durationMs).toBeGreaterThan(1500);
  expect(durationMs).toBeLessThan(4500);
  expect(Number(await row.getByTestId('session-size').getAttribute('data-bytes'))).toBeGreaterThan(5_000);
});
