import { expect, test, type Page } from '@playwright/test';
import { recordSeconds, waitForPredictions } from './helpers';

/** The screen sizes people open the page on: phone portrait, tablet, and four laptop/desktop sizes. */
const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 768, height: 1024 },
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
];
const MIN_BAR_TRACK_PX = 60;
const PLOTS = ['video', 'circumplex', 'timeseries', 'au-bars', 'expression-bars'];

interface Box { left: number; right: number; top: number; bottom: number; width: number; height: number }
interface Geometry {
  scrollWidthPx: number;
  plots: Record<string, Box | null>;
  bars: { id: string; label: Box; track: Box; value: Box; labelClipped: boolean }[];
  panels: { name: string; box: Box }[];
  derivedTags: { id: string; lines: number; tag: Box; heading: Box; headingLineHeightPx: number }[];
  modelPanel: Box | null;
}

/** Measures, in the page, what a person would see: boxes of plots, bars, panels and the derived-target tags. */
function measure(page: Page): Promise<Geometry> {
  return page.evaluate((plotIds) => {
    const box = (el: Element | null): Box | null => {
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top + window.scrollY, bottom: r.bottom + window.scrollY, width: r.width, height: r.height };
    };
    const byId = (id: string) => document.querySelector(`[data-testid="${id}"]`);
    const bars = [...document.querySelectorAll('[data-testid="au-bars"] .bar-row, [data-testid="expression-bars"] .bar-row')].map((row) => {
      const label = row.querySelector('.bar-label')!;
      return {
        id: label.textContent ?? '',
        label: box(label)!, track: box(row.querySelector('.bar-track'))!, value: box(row.querySelector('.bar-value'))!,
        labelClipped: label.scrollWidth > label.clientWidth + 1,
      };
    });
    const derivedTags = ['derived-au', 'derived-va'].flatMap((id) => {
      const tag = byId(id);
      const heading = tag?.closest('h2, h3');
      if (!tag || !heading) return [];
      return [{ id, lines: tag.getClientRects().length, tag: box(tag)!, heading: box(heading)!, headingLineHeightPx: parseFloat(getComputedStyle(heading).lineHeight) || 16 }];
    });
    return {
      scrollWidthPx: document.documentElement.scrollWidth,
      plots: Object.fromEntries(plotIds.map((id) => [id, box(byId(id))])),
      bars,
      panels: [...document.querySelectorAll('main > .panel, main > section, main > aside > .panel, main > div > .panel')]
        .map((el) => ({ name: el.className, box: box(el)! })),
      derivedTags,
      modelPanel: box(byId('model-panel')),
    };
  }, PLOTS);
}

const overlaps = (a: Box, b: Box) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;

test('the live page holds its layout from a phone to a wide screen: every plot and bar visible, nothing off screen or overlapping', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await page.goto('/?backend=wasm');
  await waitForPredictions(page);
  for (const viewport of VIEWPORTS) {
    await test.step(`${viewport.width}×${viewport.height}`, async () => {
      await page.setViewportSize(viewport);
      await page.waitForTimeout(400); // a re-layout and a few redraws
      await testInfo.attach(`live-${viewport.width}x${viewport.height}.png`, { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
      const g = await measure(page);
      const at = `at ${viewport.width}×${viewport.height}`;
      expect.soft(g.scrollWidthPx, `no horizontal scrolling ${at}`).toBeLessThanOrEqual(viewport.width);
      for (const id of PLOTS) {
        const b = g.plots[id];
        expect.soft(b, `${id} present ${at}`).not.toBeNull();
        if (!b) continue;
        expect.soft(b.width > 0 && b.height > 0, `${id} has a size ${at}`).toBe(true);
        expect.soft(b.left >= 0 && b.right <= viewport.width, `${id} inside the viewport horizontally ${at} (${b.left}–${b.right})`).toBe(true);
      }
      expect.soft(g.bars.length, `8 AU + 7 expression bars ${at}`).toBe(15);
      for (const bar of g.bars) {
        expect.soft(bar.track.width, `${bar.id} bar track width ${at}`).toBeGreaterThanOrEqual(MIN_BAR_TRACK_PX);
        expect.soft(bar.labelClipped, `${bar.id} label clipped ${at}`).toBe(false);
        expect.soft(bar.label.right <= bar.track.left + 0.5 && bar.track.right <= bar.value.left + 0.5, `${bar.id} label, track and value side by side ${at}`).toBe(true);
        expect.soft(bar.value.right <= viewport.width, `${bar.id} value on screen ${at}`).toBe(true);
      }
      for (let i = 0; i < g.panels.length; i++) {
        for (let j = i + 1; j < g.panels.length; j++) {
          expect.soft(overlaps(g.panels[i].box, g.panels[j].box), `panels "${g.panels[i].name}" and "${g.panels[j].name}" overlap ${at}`).toBe(false);
        }
      }
      expect.soft(g.derivedTags.length, `both derived-target tags shown ${at}`).toBe(2);
      for (const t of g.derivedTags) {
        expect.soft(t.lines, `${t.id} tag on one line ${at}`).toBe(1);
        expect.soft(t.heading.height, `${t.id}: the heading and its tag on one line ${at}`).toBeLessThan(t.headingLineHeightPx * 1.6);
      }
      // Where the columns stack, the live plots come before the model details.
      const circumplex = g.plots.circumplex;
      if (circumplex && g.modelPanel && g.modelPanel.left < circumplex.right && circumplex.left < g.modelPanel.right) {
        expect.soft(circumplex.top, `live plots above the model panel ${at}`).toBeLessThan(g.modelPanel.top);
      }
    });
  }
});

test('replay and a video file fit a phone and a laptop: no horizontal scrolling, video and controls on screen', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await page.goto('/?backend=wasm');
  await recordSeconds(page, 2);
  await page.getByTestId('session-replay').first().click();
  const replay = page.getByTestId('replay');
  await expect(replay).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  for (const viewport of [{ width: 390, height: 844 }, { width: 1440, height: 900 }]) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(400);
    const at = `at ${viewport.width}×${viewport.height}`;
    await testInfo.attach(`replay-${viewport.width}x${viewport.height}.png`, { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
    expect.soft(await page.evaluate(() => document.documentElement.scrollWidth), `no horizontal scrolling in replay ${at}`).toBeLessThanOrEqual(viewport.width);
    for (const id of ['replay-video', 'replay-export', 'replay-close']) {
      const b = await replay.getByTestId(id).boundingBox();
      expect.soft(b !== null && b.x >= 0 && b.x + b.width <= viewport.width, `${id} on screen ${at}`).toBe(true);
    }
    const speed = await replay.locator('select').first().boundingBox();
    expect.soft(speed !== null && speed.x + speed.width <= viewport.width, `speed menu on screen ${at}`).toBe(true);
  }
  await replay.getByTestId('replay-close').click();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId('try-demo').click();
  const file = page.getByTestId('file-analysis');
  await expect(file.getByTestId('file-progress')).toBeInViewport(); // the progress shows without scrolling
  await expect(file.getByTestId('file-au-bars')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
  await testInfo.attach('file-390x844.png', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
  expect.soft(await page.evaluate(() => document.documentElement.scrollWidth), 'no horizontal scrolling with a file at 390').toBeLessThanOrEqual(390);
  await file.getByTestId('file-close').click();
});
