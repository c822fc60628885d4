import { expect, type Locator, type Page } from '@playwright/test';

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

/** React keeps its own copy of an input's value: set it through the prototype's setter so onChange fires. */
export async function setRange(slider: Locator, value: number): Promise<void> {
  await slider.evaluate((el: HTMLInputElement, v) => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(el, String(v));
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}
