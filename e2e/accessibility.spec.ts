import { createRequire } from 'node:module';
import { expect, test, type Page } from '@playwright/test';
import { recordSeconds, waitForPredictions } from './helpers';

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
// axe is injected as a script; the app's CSP (script-src 'self') would refuse it, and it is not what is tested here.
test.use({ bypassCSP: true });

interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] }

/** axe-core run in the page (WCAG 2 A and AA rules): the violations that are serious or critical, in words. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_SCRIPT });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(', ')}`);
}

for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
  test(`accessibility at ${viewport.width}×${viewport.height}: live page, recording, replay and a video file have no serious or critical axe violations`, async ({ page }) => {
    test.setTimeout(300_000);
    await page.setViewportSize(viewport);
    await page.goto('/?backend=wasm');
    await waitForPredictions(page);
    expect(await seriousViolations(page), 'live page').toEqual([]);

    await page.getByTestId('record-button').click();
    await expect(page.getByTestId('recording-state')).toBeVisible();
    expect(await seriousViolations(page), 'while recording').toEqual([]);
    // While recording, the page says how much is saved already.
    await expect(page.getByTestId('recording-size')).not.toHaveText('0 B', { timeout: 15_000 });
    await page.getByTestId('record-button').click();
    await expect(page.getByTestId('recording-saved')).toBeVisible({ timeout: 30_000 });

    // Replay opens where the person can see it.
    await page.getByTestId('session-replay').first().click();
    const replay = page.getByTestId('replay');
    await expect(replay).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
    await expect(replay).toBeInViewport();
    expect(await seriousViolations(page), 'replay').toEqual([]);
    await replay.getByTestId('replay-close').click();

    await page.getByTestId('try-demo').click();
    const file = page.getByTestId('file-analysis');
    await expect(file).toBeInViewport();
    await expect(file.getByTestId('file-au-bars')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
    expect(await seriousViolations(page), 'video file analysis').toEqual([]);
    await file.getByTestId('file-close').click();
  });
}

test('keyboard only: Record, Stop, the library and Replay are reached with Tab and pressed with Enter; focus is visible', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/?backend=wasm');
  await waitForPredictions(page);
  const tabTo = async (testId: string) => {
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((id) => document.activeElement?.getAttribute('data-testid') === id, testId)) return;
    }
    throw new Error(`Tab never reached ${testId}`);
  };
  await tabTo('record-button');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  expect(outline, 'a visible focus ring').not.toBe('none');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('record-button')).toHaveAttribute('data-state', 'recording');
  await page.waitForTimeout(2000);
  await page.keyboard.press('Enter'); // the Stop button has the focus now
  await expect(page.getByTestId('record-button')).toHaveAttribute('data-state', 'idle', { timeout: 30_000 });
  await tabTo('session-replay');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('replay')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  // In the replay: Space plays and pauses, arrows step a frame (Shift: a second).
  const time = page.getByTestId('replay-time');
  const currentMs = async () => Number(await time.getAttribute('data-current-ms'));
  await tabTo('replay-seek');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('replay-play')).toHaveAttribute('data-state', 'playing');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('replay-play')).toHaveAttribute('data-state', 'paused');
  await page.keyboard.press('Shift+ArrowLeft');
  await page.keyboard.press('Shift+ArrowLeft');
  await expect.poll(currentMs).toBe(0);
  await page.keyboard.press('ArrowRight');
  await expect.poll(currentMs).toBeGreaterThan(20);
  expect(await currentMs()).toBeLessThan(50); // one frame at 30 fps, not one second
  // The valence–arousal pad takes the arrow keys.
  await tabTo('annotator-name');
  await page.keyboard.type('Kim');
  await tabTo('va-pad');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowUp');
  await expect(page.getByTestId('va-pad')).toHaveAttribute('data-valence', '0.050');
  await expect(page.getByTestId('va-pad')).toHaveAttribute('data-arousal', '0.200');
});

test('leaving the page mid-recording asks first; staying keeps the recording going', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await recordSeconds(page, 0); // a recording that starts and stops: the page does not ask once it is saved
  await page.getByTestId('record-button').click();
  await expect(page.getByTestId('record-button')).toHaveAttribute('data-state', 'recording');
  const dialog = page.waitForEvent('dialog');
  void page.reload().catch(() => undefined); // the reload waits on the dialog
  const asked = await dialog;
  expect(asked.type()).toBe('beforeunload');
  await asked.dismiss();
  await expect(page.getByTestId('record-button')).toHaveAttribute('data-state', 'recording');
  await page.getByTestId('record-button').click();
  await expect(page.getByTestId('recording-saved')).toBeVisible({ timeout: 30_000 });
});
