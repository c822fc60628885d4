import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { recordSeconds, setRange } from './helpers';

const ANNOTATOR = 'Tim';
const HAPPINESS = 4;
const FRAME_RATE_HZ = 30;

async function exportedFiles(page: Page, replay: Locator): Promise<Record<string, Uint8Array>> {
  const [download] = await Promise.all([page.waitForEvent('download'), replay.getByTestId('replay-export').click()]);
  return unzipSync(readFileSync(await download.path()));
}

/** The annotator's expression segments in the manifest and its ABAW EXPR rows (after the header). */
function exportedExpression(files: Record<string, Uint8Array>): { segments: Array<{ startMs: number; endMs: number; label: number }>; rows: string[] } {
  const session = JSON.parse(strFromU8(files['manifest.json'])).session;
  const track = session.annotations.find((t: { kind: string; annotator: string }) => t.kind === 'expression' && t.annotator === ANNOTATOR);
  const rows = strFromU8(files[`abaw/${ANNOTATOR}_EXPR_Recognition.txt`]).trimEnd().split('\n').slice(1);
  return { segments: track?.segments ?? [], rows };
}

/** Each 30 fps frame's label as the export must write it: the segment containing the frame's time, else -1. */
function expectedRows(segments: Array<{ startMs: number; endMs: number; label: number }>, frameCount: number): string[] {
  return Array.from({ length: frameCount }, (_, k) => {
    const t = (k * 1000) / FRAME_RATE_HZ;
    return String(segments.find((s) => s.startMs <= t && t < s.endMs)?.label ?? -1);
  });
}

test('timeline: the whole session with the model and an annotator; an expression segment is drawn, moved, resized, deleted and undone, and the export follows', async ({ page }, testInfo) => {
  const consoleErrors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  await page.goto('/?backend=wasm');
  await recordSeconds(page, 6);
  await page.getByTestId('session-row').first().getByTestId('session-replay').click();
  const replay = page.getByTestId('replay');
  await expect(replay).toHaveAttribute('data-ready', 'true', { timeout: 15_000 });
  const video = replay.getByTestId('replay-video');
  const videoMs = () => video.evaluate((v: HTMLVideoElement) => v.currentTime * 1000);
  const durationMs = Number(await replay.getByTestId('replay-time').getAttribute('data-duration-ms'));
  expect(durationMs).toBeGreaterThan(5000);

  // ── the whole session is drawn: the view is [0, duration], the model's lanes have frames ──
  const timeline = replay.getByTestId('timeline');
  await expect(timeline).toHaveAttribute('data-view-start-ms', '0');
  await expect(timeline).toHaveAttribute('data-view-end-ms', String(durationMs));
  await expect(timeline).toHaveAttribute('data-duration-ms', String(durationMs));
  const modelVa = timeline.locator('[data-lane=model-va]');
  expect(Number(await modelVa.getAttribute('data-frames'))).toBeGreaterThan(0);
  await expect(modelVa).toHaveAttribute('aria-label', /^model valence \(blue line\) and arousal \(orange line\), 0:00\.0 to /);
  await expect(timeline.locator('[data-lane=model-au]')).toHaveAttribute('aria-label', /heat strip, one row per AU from AU1 to AU25/);
  // how much of the video the model describes is said in words, and the parts add up to every video frame
  const coverage = timeline.getByTestId('timeline-coverage');
  await expect(coverage).toHaveText(/^model values on \d+ % of \d+ video frames/);
  const count = async (attr: string) => Number(await coverage.getAttribute(attr));
  expect(await count('data-with-value') + await count('data-no-face') + await count('data-not-analysed')).toBe(await count('data-frames'));
  expect(await count('data-with-value')).toBeGreaterThan(0);
  // the replay's plots no longer show a "last 30 s" series of the session
  await expect(replay.getByText('last 30 s')).toHaveCount(0);

  // ── press on the timeline to seek: the middle of the ruler is the middle of the session ──
  const ruler = timeline.getByTestId('timeline-ruler');
  await ruler.scrollIntoViewIfNeeded();
  const rulerBox = (await ruler.boundingBox())!;
  await page.mouse.click(rulerBox.x + rulerBox.width / 2, rulerBox.y + rulerBox.height / 2);
  await expect.poll(videoMs).toBeGreaterThan(durationMs / 2 - 150);
  expect(await videoMs()).toBeLessThan(durationMs / 2 + 150);

  // ── zoom: a button halves the view about the playhead, the keyboard zooms and shows the whole session again ──
  const viewSpan = async () => Number(await timeline.getAttribute('data-view-end-ms')) - Number(await timeline.getAttribute('data-view-start-ms'));
  await timeline.getByTestId('timeline-zoom-in').click();
  await expect.poll(viewSpan).toBeCloseTo(durationMs / 2, -1);
  await timeline.getByTestId('timeline-whole').click();
  await expect.poll(viewSpan).toBeCloseTo(durationMs, 6);
  await ruler.focus();
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  await expect.poll(viewSpan).toBeCloseTo(durationMs / 4, -1);
  await page.keyboard.press('0');
  await expect.poll(viewSpan).toBeCloseTo(durationMs, 6);

  // ── label Happiness from 1 s to 3 s with the panel's buttons: the timeline draws the segment where it is ──
  const panel = page.getByTestId('annotation-panel');
  await panel.getByTestId('annotator-name').fill(ANNOTATOR);
  const seek = replay.getByTestId('replay-seek');
  await setRange(seek, 1000);
  await expect.poll(videoMs).toBeCloseTo(1000, -2);
  await panel.getByTestId('expr-label-Happiness').click();
  await setRange(seek, 3000);
  await expect.poll(videoMs).toBeCloseTo(3000, -2);
  await panel.getByTestId('expr-end').click();
  const segment = timeline.locator(`[data-testid=timeline-segment][data-annotator="${ANNOTATOR}"][data-kind=expression]`);
  await expect(segment).toHaveCount(1);
  await expect(segment).toHaveAttribute('data-name', 'Happiness');
  const bounds = async () => [Number(await segment.getAttribute('data-start-ms')), Number(await segment.getAttribute('data-end-ms'))];
  const [start0, end0] = await bounds();
  expect(Math.abs(start0 - 1000)).toBeLessThan(100);
  expect(Math.abs(end0 - 3000)).toBeLessThan(100);
  const lane = timeline.locator(`[data-lane="expression:${ANNOTATOR}"]`);
  // page.mouse works in viewport pixels: the lane is scrolled into view and measured before each gesture
  let laneBox = (await lane.boundingBox())!;
  const measureLane = async () => {
    await lane.scrollIntoViewIfNeeded();
    laneBox = (await lane.boundingBox())!;
    return laneBox.y + laneBox.height / 2;
  };
  const x = (t: number) => laneBox.x + (t / durationMs) * laneBox.width;
  let y = await measureLane();
  const msPerPx = durationMs / laneBox.width;
  const drawn = (await segment.boundingBox())!;
  expect(Math.abs(drawn.x - x(start0))).toBeLessThan(2);
  expect(Math.abs(drawn.x + drawn.width - x(end0))).toBeLessThan(2);

  // ── move it by dragging its body 1 s to the right ──
  await page.mouse.move(x((start0 + end0) / 2), y);
  await page.mouse.down();
  await page.mouse.move(x((start0 + end0) / 2 + 1000), y, { steps: 8 });
  await page.mouse.up();
  await expect.poll(async () => (await bounds())[0]).toBeGreaterThan(start0 + 500);
  const [start1, end1] = await bounds();
  expect(Math.abs(start1 - (start0 + 1000))).toBeLessThan(2 * msPerPx + 1);
  expect(end1 - start1).toBe(end0 - start0);
  await expect(timeline.getByTestId('timeline-selection')).toHaveText(/^Tim: Happiness /);

  // ── drag its end bound back by 0.5 s ──
  y = await measureLane();
  await page.mouse.move(x(end1) - 2, y);
  await page.mouse.down();
  await page.mouse.move(x(end1 - 500), y, { steps: 6 });
  await page.mouse.up();
  await expect.poll(async () => (await bounds())[1]).toBeLessThan(end1 - 250);
  const [start2, end2] = await bounds();
  expect(start2).toBe(start1);
  expect(Math.abs(end2 - (end1 - 500))).toBeLessThan(2 * msPerPx + 1);

  // ── the export follows: the manifest's segment and one EXPR row per 30 fps frame, Happiness exactly inside it ──
  let exported = exportedExpression(await exportedFiles(page, replay));
  expect(exported.segments).toHaveLength(1);
  expect(Math.round(exported.segments[0].startMs)).toBe(start2);
  expect(Math.round(exported.segments[0].endMs)).toBe(end2);
  expect(exported.rows).toEqual(expectedRows(exported.segments, exported.rows.length));
  expect(exported.rows.filter((r) => r === String(HAPPINESS)).length).toBeGreaterThan(30);

  // ── keyboard: a press on the segment selects and focuses it; → moves it by 0.1 s, Delete removes it, Undo brings it back ──
  y = await measureLane();
  await page.mouse.click(x((start2 + end2) / 2), y);
  await expect(segment).toBeFocused();
  expect(await bounds()).toEqual([start2, end2]);
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await bounds())[0]).toBe(start2 + 100);
  await page.keyboard.press('Delete');
  await expect(segment).toHaveCount(0);
  await expect(timeline.getByTestId('timeline-undo')).toHaveAttribute('title', /^undo: delete Happiness /);
  await timeline.getByTestId('timeline-undo').click();
  await expect(segment).toHaveCount(1);
  expect(await bounds()).toEqual([start2 + 100, end2 + 100]);

  // ── select it with the pointer and delete it with the button: the export has no Happiness frame left ──
  y = await measureLane();
  await page.mouse.click(x(start2 + 100 + (end2 - start2) / 2), y);
  await expect(segment).toHaveAttribute('aria-pressed', 'true');
  await timeline.getByTestId('timeline-delete').click();
  await expect(segment).toHaveCount(0);
  await expect(panel.getByTestId('expr-count')).toHaveAttribute('data-count', '0');
  exported = exportedExpression(await exportedFiles(page, replay));
  expect(exported.segments).toEqual([]);
  expect(new Set(exported.rows)).toEqual(new Set(['-1']));

  // ── valence–arousal: a pass over 0–3 s at the pad's lower left, then a re-rating of 1–2 s at its upper right
  // replaces that range only ──
  const pad = panel.getByTestId('va-pad');
  const status = panel.getByTestId('va-status');
  const ratePass = async (fromS: string, toS: string, fx: number, fy: number) => {
    if (!(await panel.getByTestId('va-range-on').isChecked())) await panel.getByTestId('va-range-on').check();
    await panel.getByTestId('va-range-from').fill(fromS);
    await panel.getByTestId('va-range-to').fill(toS);
    await panel.getByTestId('va-start').click();
    await pad.scrollIntoViewIfNeeded();
    const padBox = (await pad.boundingBox())!;
    await page.mouse.move(padBox.x + padBox.width * fx, padBox.y + padBox.height * fy); // during the 3-2-1 countdown
    await expect(status).toHaveAttribute('data-phase', 'rating', { timeout: 10_000 });
    await expect(status).toHaveAttribute('data-phase', 'idle', { timeout: 30_000 }); // the range's end stops the pass
  };
  await expect(panel.getByTestId('va-start')).toHaveText('Start rating');
  await ratePass('0', '3', 0.15, 0.85);
  await ratePass('1', '2', 0.85, 0.15);
  await expect(timeline.getByTestId('timeline-undo')).toHaveAttribute('title', 'undo: rate VA 1.0–2.0 s');
  await expect.poll(async () => Number(await timeline.locator(`[data-lane="va:${ANNOTATOR}"]`).getAttribute('data-frames'))).toBeGreaterThan(60);
  const rating = JSON.parse(strFromU8((await exportedFiles(page, replay))['manifest.json'])).session.annotations
    .find((t: { kind: string; annotator: string }) => t.kind === 'va' && t.annotator === ANNOTATOR);
  const samples: Array<{ mediaTimeMs: number; valence: number; arousal: number }> = rating.samples;
  expect(samples[0].mediaTimeMs).toBe(0);
  expect(samples[samples.length - 1].mediaTimeMs).toBeGreaterThan(2000); // the first pass goes on after the re-rated range
  for (const s of samples) {
    if (s.mediaTimeMs < 1000 || s.mediaTimeMs > 2000) expect(s.valence, `first pass kept at ${s.mediaTimeMs} ms`).toBeLessThan(-0.3);
    if (s.mediaTimeMs >= 1000 && s.mediaTimeMs <= 1900) expect(s.valence, `re-rated at ${s.mediaTimeMs} ms`).toBeGreaterThan(0.3);
  }
  // 10 grid times from 1.0 to 1.9 s; a slow frame on a loaded machine can skip one (VaSampler leaves it out)
  expect(samples.filter((s) => s.mediaTimeMs >= 1000 && s.mediaTimeMs <= 1900).length).toBeGreaterThanOrEqual(7);

  // ── the annotation guide is where the rating is done ──
  const guide = panel.getByTestId('annotation-guide');
  await guide.locator('summary').click();
  await expect(guide.getByTestId('guide-aus')).toContainText('AU12 · lip corner puller');
  await expect(guide.getByTestId('guide-expressions')).toContainText('Surprise');

  // ── screenshots at phone and desktop widths: nothing wider than the page ──
  await guide.locator('summary').click();
  await undoableLabel(page, panel, seek);
  for (const [width, height] of [[390, 844], [1440, 900]]) {
    await page.setViewportSize({ width, height });
    await timeline.scrollIntoViewIfNeeded();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    const tooWide = await page.evaluate(() => [...document.querySelectorAll('body *')]
      .map((e) => ({ e, right: e.getBoundingClientRect().right }))
      .sort((a, b) => b.right - a.right).slice(0, 4)
      .map(({ e, right }) => `${e.tagName.toLowerCase()}.${e.className}[${e.getAttribute('data-testid') ?? ''}] in ${e.parentElement?.className} → ${right.toFixed(1)} px`));
    expect(overflow, `horizontal overflow at ${width} px: ${tooWide.join('; ')}`).toBeLessThanOrEqual(0);
    const box = (await timeline.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(width);
    await replay.screenshot({ path: testInfo.outputPath(`replay-timeline-${width}.png`) });
  }
  expect(consoleErrors).toEqual([]);
});

/** A Happiness segment again (for the screenshots), from 1.5 s to 4 s. */
async function undoableLabel(page: Page, panel: Locator, seek: Locator): Promise<void> {
  const videoMs = () => page.getByTestId('replay-video').evaluate((v: HTMLVideoElement) => v.currentTime * 1000);
  await setRange(seek, 1500);
  await expect.poll(videoMs).toBeCloseTo(1500, -2);
  await panel.getByTestId('expr-label-Happiness').click();
  await panel.getByTestId('au-toggle-AU12').click();
  await setRange(seek, 4000);
  await expect.poll(videoMs).toBeCloseTo(4000, -2);
  await panel.getByTestId('expr-end').click();
  await panel.getByTestId('au-toggle-AU12').click();
}
