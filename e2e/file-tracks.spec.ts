import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { countVideoFrames, ensureFaceVideo } from '../test-support/media.mjs';
import { setRange } from './helpers';

// A whole file is analysed: on a loaded 2-core machine that can take minutes.
test.describe.configure({ timeout: 420_000 });

async function exportZip(page: Page, replay: Locator): Promise<{ fileName: string; bytes: Buffer; files: Record<string, Uint8Array> }> {
  const [download] = await Promise.all([page.waitForEvent('download'), replay.getByTestId('replay-export').click()]);
  const bytes = readFileSync(await download.path());
  return { fileName: download.suggestedFilename(), bytes, files: unzipSync(bytes) };
}

const TASKS = ['VA_Estimation', 'EXPR_Recognition', 'AU_Detection'];
const rows = (files: Record<string, Uint8Array>, name: string) => strFromU8(files[name]).trimEnd().split('\n').slice(1);

test('a file with two people: each face is its own track with its own annotations, exported as an ABAW file set per person (left, right) with a row per frame, and imported back', async ({ page }) => {
  const video = ensureFaceVideo('twofaces');
  const frameCount = countVideoFrames(video);
  page.on('dialog', (dialog) => void dialog.accept()); // "Delete …? This cannot be undone."
  await page.goto('/?backend=wasm&model=av-mt-vgg-rnn-lite');
  await page.getByTestId('file-input').setInputFiles(video);
  const panel = page.getByTestId('file-analysis');
  await expect(panel).toHaveAttribute('data-phase', 'done', { timeout: 360_000 });
  expect(Number(await panel.getAttribute('data-frames-analysed'))).toBe(frameCount);

  await panel.getByTestId('file-replay').click();
  const replay = page.getByTestId('replay');
  await expect(replay).toHaveAttribute('data-ready', 'true', { timeout: 15_000 });
  const first = await exportZip(page, replay);
  const manifest = JSON.parse(strFromU8(first.files['manifest.json']));
  // the larger head is on the left and is the primary face; both are in view from the first frame
  expect(manifest.tracks.map((t: { name: string }) => t.name).sort()).toEqual(['left', 'right']);
  for (const track of manifest.tracks) expect(track.frames, `frames with the ${track.name} face`).toBeGreaterThanOrEqual(frameCount * 0.95);
  const frames: Array<{ trackId: number; landmarkValues: number; otherFaces?: Array<{ trackId: number; valence: number | null }> }> = JSON.parse(strFromU8(first.files['predictions.json']));
  const left = manifest.tracks.find((t: { name: string }) => t.name === 'left').trackId;
  expect(frames.filter((f) => f.trackId === left).length).toBeGreaterThanOrEqual(frameCount * 0.95);
  expect(frames.filter((f) => f.otherFaces?.length === 1 && f.otherFaces[0].valence !== null).length).toBeGreaterThanOrEqual(frameCount * 0.9);

  // one ABAW file set per person, one row per video frame, almost every row with a value
  for (const name of ['left', 'right']) {
    for (const task of TASKS) {
      const lines = rows(first.files, `abaw/predictions_${name}_${task}.txt`);
      expect(lines, `${name} ${task}`).toHaveLength(frameCount);
      if (task === 'VA_Estimation') expect(lines.filter((l) => l === '-5,-5').length, `${name} frames without a value`).toBeLessThanOrEqual(frameCount * 0.05);
    }
  }
  // beside them, each frame's largest face as for one person: here the larger head, on the left
  const largest = rows(first.files, 'abaw/predictions_VA_Estimation.txt');
  const leftRows = rows(first.files, 'abaw/predictions_left_VA_Estimation.txt');
  expect(largest).toHaveLength(frameCount);
  expect(largest.filter((row, k) => row === leftRows[k] && row !== '-5,-5').length).toBeGreaterThanOrEqual(frameCount * 0.95);
  // the two people's valence differ somewhere: each track has its own outputs, not a copy of the other's
  expect(rows(first.files, 'abaw/predictions_left_VA_Estimation.txt')).not.toEqual(rows(first.files, 'abaw/predictions_right_VA_Estimation.txt'));
  // predictions.csv: a row per face per frame, with its trackId
  const csv = strFromU8(first.files['predictions.csv']).trimEnd().split('\n');
  expect(csv[0].endsWith(',faceFound,trackId')).toBe(true);
  expect(csv.length - 1).toBeGreaterThanOrEqual(frameCount * 1.9);

  // ── replay shows one person's outputs at a time: the right face's valence on the timeline is the right file's ──
  const picker = replay.getByTestId('replay-track-picker');
  await expect(picker.getByTestId('replay-track-option')).toHaveText(['largest face', 'left face', 'right face']);
  await expect(picker.locator('[data-track-name=""]')).toHaveAttribute('aria-pressed', 'true');
  const overlay = replay.getByTestId('replay-face-overlay');
  await expect(overlay).toHaveAttribute('data-faces-drawn', '2'); // both people boxed on the replay video
  await picker.locator('[data-track-name="right"]').click();
  await expect(picker.locator('[data-track-name="right"]')).toHaveAttribute('aria-pressed', 'true');
  // the box drawn thicker is the right person's, on the right of the picture
  await expect.poll(async () => Number(await overlay.getAttribute('data-selected-centre-x'))).toBeGreaterThan(0.5);
  const modelVa = replay.locator('[data-testid=timeline-lane][data-lane=model-va]');
  const rightValence = rows(first.files, 'abaw/predictions_right_VA_Estimation.txt').filter((l) => l !== '-5,-5').map((l) => Number(l.split(',')[0]));
  const expectedMean = rightValence.reduce((a, b) => a + b, 0) / rightValence.length;
  await expect.poll(async () => Number((await modelVa.getAttribute('aria-label'))!.match(/mean valence (-?[\d.]+)/)![1])).toBeCloseTo(expectedMean, 1);
  expect(Math.abs(Number((await modelVa.getAttribute('aria-label'))!.match(/mean valence (-?[\d.]+)/)![1]) - expectedMean)).toBeLessThan(0.006);

  // ── annotations are of the face chosen: Ann labels the right face Happiness and the left face Sadness over the
  // first second; each face shows only its own segment, and the export writes one set per face ──
  const annotate = page.getByTestId('annotation-panel');
  const seek = replay.getByTestId('replay-seek');
  const videoTimeS = () => page.getByTestId('replay-video').evaluate((v: HTMLVideoElement) => v.currentTime);
  const labelFirstSecond = async (expression: string) => {
    await setRange(seek, 0);
    await expect.poll(videoTimeS).toBeLessThan(0.05);
    await annotate.getByTestId(`expr-label-${expression}`).click();
    await setRange(seek, 1000);
    await expect.poll(videoTimeS).toBeGreaterThan(0.95);
    await annotate.getByTestId('expr-end').click();
    await expect(annotate.getByTestId('expr-count')).toHaveAttribute('data-count', '1');
  };
  await expect(annotate.getByTestId('annotation-face')).toHaveText('right face');
  await annotate.getByTestId('annotator-name').fill('Ann');
  await labelFirstSecond('Happiness');
  await picker.locator('[data-track-name="left"]').click();
  await expect(annotate.getByTestId('annotation-face')).toHaveText('left face');
  expect(Number(await overlay.getAttribute('data-selected-centre-x'))).toBeLessThan(0.5);
  await expect(annotate.getByTestId('expr-count')).toHaveAttribute('data-count', '0');
  await labelFirstSecond('Sadness');
  // a label begun on the left face and ended after the picker moved to the largest face stays the left face's
  await annotate.getByTestId('expr-label-Surprise').click(); // at 1.0 s
  await picker.locator('[data-track-name=""]').click();
  await expect(annotate.getByTestId('annotation-face')).toHaveText('largest face');
  await setRange(seek, 1500);
  await expect.poll(videoTimeS).toBeGreaterThan(1.45);
  await annotate.getByTestId('expr-end').click();
  await expect(annotate.getByTestId('expr-count')).toHaveAttribute('data-count', '0');
  // the largest face can be either person from frame to frame: the panel asks for a person instead of labelling it
  await expect(annotate.getByTestId('annotation-choose-face')).toBeVisible();
  await expect(annotate.getByTestId('expr-label-Neutral')).toBeDisabled();
  await expect(annotate.getByTestId('va-start')).toBeDisabled();
  await picker.locator('[data-track-name="left"]').click();
  await expect(annotate.getByTestId('expr-count')).toHaveAttribute('data-count', '2');
  await picker.locator('[data-track-name=""]').click();
  const annotated = await exportZip(page, replay);
  const annotation = (face: string) => JSON.parse(strFromU8(annotated.files[`annotations/Ann_${face}_expression.json`]));
  const right = manifest.tracks.find((t: { name: string }) => t.name === 'right').trackId;
  expect(annotation('right')).toMatchObject({ annotator: 'Ann', face: right, segments: [{ startMs: 0, label: 4 }] });
  expect(annotation('left')).toMatchObject({ annotator: 'Ann', face: left, segments: [{ startMs: 0, label: 5 }, { label: 6 }] });
  expect(annotated.files['annotations/Ann_expression.json']).toBeUndefined();
  const firstSecond = 25; // frames 0–24 (0–0.8 s at 30 fps) lie inside the labelled 0–1 s
  expect(new Set(rows(annotated.files, 'abaw/Ann_right_EXPR_Recognition.txt').slice(0, firstSecond))).toEqual(new Set(['4']));
  expect(new Set(rows(annotated.files, 'abaw/Ann_left_EXPR_Recognition.txt').slice(0, firstSecond))).toEqual(new Set(['5']));
  await replay.getByTestId('replay-close').click();

  // ── the round trip keeps the tracks and each face's annotations: delete, import, export again: the same files ──
  const row = page.getByTestId('session-row').first();
  await row.getByTestId('session-delete').click();
  await expect(page.getByTestId('session-row')).toHaveCount(0);
  await page.getByTestId('session-import').setInputFiles({ name: annotated.fileName, mimeType: 'application/zip', buffer: annotated.bytes });
  await expect(page.getByTestId('session-row')).toHaveCount(1);
  await expect(page.getByTestId('library-error')).toHaveCount(0);
  await page.getByTestId('session-row').first().getByTestId('session-replay').click();
  await expect(replay).toHaveAttribute('data-ready', 'true', { timeout: 15_000 });
  const second = await exportZip(page, replay);
  expect(JSON.parse(strFromU8(second.files['manifest.json'])).tracks).toEqual(manifest.tracks);
  expect(strFromU8(second.files['predictions.json'])).toBe(strFromU8(first.files['predictions.json']));
  expect(Buffer.from(second.files['landmarks.f32']).equals(Buffer.from(first.files['landmarks.f32']))).toBe(true);
  for (const name of ['left', 'right']) for (const task of TASKS) {
    const file = `abaw/predictions_${name}_${task}.txt`;
    expect(strFromU8(second.files[file]), file).toBe(strFromU8(first.files[file]));
  }
  for (const file of ['annotations/Ann_left_expression.json', 'annotations/Ann_right_expression.json', 'abaw/Ann_left_EXPR_Recognition.txt']) {
    expect(strFromU8(second.files[file]), file).toBe(strFromU8(annotated.files[file]));
  }
});
