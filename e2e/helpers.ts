import { expect, type Page } from '@playwright/test';

/** Waits until the live page runs and shows predictions. */
export async function waitForPredictions(page: Page): Promise<void> {
  await expect(page.getByTestId('phase')).toHaveText('running', { timeout: 90_000 });
  await expect(page.getByTestId('au-bars')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
}

/** Records `seconds` of the live page with the Record button and waits until the session is saved. */
export async function recordSeconds(page: Page, seconds: number): Promise<void> {
  await waitForPredictions(page);
  await page.getByTestId('record-button').click();
  await expect(page.getByTestId('record-button')).toHaveAttribute('data-state', 'recording');
  await page.waitForTimeout(seconds * 1000);
  await page.getByTestId('record-button').click();
  await expect(page.getByTestId('record-button')).toHaveAttribute('data-state', 'idle');
}
