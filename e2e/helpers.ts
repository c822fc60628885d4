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

/**
 * The replay's video element and messages in one line, for a test's failure message: a decoder failure in CI leaves
 * only the log, and "expected more samples" alone does not say whether the element stalled, errored or was given up.
 */
export async function replayMediaState(replay: Locator): Promise<string> {
  const element = await replay.getByTestId('replay-video').evaluate((v: HTMLVideoElement) => JSON.stringify({
    currentTimeS: v.currentTime, paused: v.paused, seeking: v.seeking, ended: v.ended, readyState: v.readyState,
    durationS: v.duration, error: v.error ? `${v.error.code} ${v.error.message}` : null,
  }));
  const recoveries = await replay.getAttribute('data-media-recoveries');
  const texts = await replay.locator('[data-testid="replay-error"], [data-testid="replay-recovered"]').allInnerTexts();
  return `replay video ${element}; recoveries ${recoveries}; ${texts.join(' | ') || 'no replay message'}`;
}
