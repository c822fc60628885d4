// `npm run evaluate` end to end on a tiny faces .npz made here from the e2e face photo (never from ../shared data):
// 8 FER-like 48×48 grayscale crops → the tools page in headless Chromium → the default model → metrics JSON.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { faceImage } from '../../test-support/media.mjs';
import { makeTinyAbawLayout } from './lib/abaw-fixture';
import { encodeNpz } from './lib/npy.mjs';

const run = promisify(execFile);
const CHROMIUM = '/usr/bin/chromium';
const SKIP_REASON = existsSync(CHROMIUM) ? null : `${CHROMIUM} is absent (apt-get install chromium): evaluate runs the model in headless Chromium`;
const dir = mkdtempSync(join(tmpdir(), 'affectscope-evaluate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Four tight head crops of the photo, each also mirrored: 8 × 48 × 48 grayscale bytes. */
function tinyFaces(): Uint8Array {
  const crops = ['150:150:170:55', '170:170:160:50', '140:140:175:65', '160:160:165:60'];
  const parts = crops.flatMap((crop) => ['', ',hflip'].map((flip) =>
    execFileSync('ffmpeg', ['-v', 'error', '-nostdin', '-i', faceImage(), '-vf', `crop=${crop},scale=48:48${flip},format=gray`, '-f', 'rawvideo', '-']),
  ));
  const out = new Uint8Array(8 * 48 * 48);
  parts.forEach((part, i) => out.set(part, i * 48 * 48));
  return out;
}

async function evaluate(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['tools/data/evaluate.mjs', ...args], { maxBuffer: 1 << 26 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run evaluate', () => {
  it('refuses a malformed .npz and a missing input with exit code 1 and a message', async () => {
    const bad = join(dir, 'bad.npz');
    writeFileSync(bad, 'this is not a zip');
    const malformed = await evaluate([bad]);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(/expected a zip archive/);
    const noLabels = join(dir, 'nolabels.npz');
    writeFileSync(noLabels, encodeNpz({ images: { data: new Uint8Array(2 * 48 * 48), shape: [2, 48, 48] } }));
    expect((await evaluate([noLabels])).stderr).toMatch(/expected an array 'labels'/);
    expect((await evaluate([join(dir, 'absent.npz')])).stderr).toMatch(/no such file or folder/);
  });

  it.skipIf(SKIP_REASON !== null)(`scores a tiny faces .npz with the lite init model on wasm${SKIP_REASON ? ` (skipped: ${SKIP_REASON})` : ''}`, async () => {
    const path = join(dir, 'tiny.npz');
    const labels = Int8Array.from([0, 1, 2, 3, 4, 5, 6, 4]);
    const valence = Float32Array.from([0, -0.5, -0.6, -0.4, 0.8, -0.7, 0.2, 0.7]);
    writeFileSync(path, encodeNpz({
      images: { data: tinyFaces(), shape: [8, 48, 48] },
      labels: { data: labels, shape: [8] },
      valence: { data: valence, shape: [8] },
    }));
    const predictions = join(dir, 'predictions.csv');
    const result = await evaluate([path, '--backend', 'wasm', '--model', 'av-mt-vgg-rnn-lite-init', '--predictions', predictions]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.kind).toBe('faces');
    expect(report.count).toBe(8);
    expect(report.model.backend).toBe('wasm');
    // The photo's face is upright and frontal: the landmarker must find it in most crops.
    expect(report.faceDetection.detected).toBeGreaterThanOrEqual(6);
    const matrix: number[][] = report.expression.confusionMatrix;
    expect(matrix.flat().reduce((a, b) => a + b, 0)).toBe(8);
    expect(matrix.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([1, 1, 1, 1, 2, 1, 1]);
    expect(report.expression.accuracy).toBeGreaterThanOrEqual(0);
    expect(Object.keys(report.expression.perClassRecall)).toHaveLength(7);
    expect(typeof report.valenceCcc).toBe('number');
    expect(report.arousalCcc).toBeNull();
    // The AU head against the landmarker's measured AUs of the same faces: every found face is scored.
    expect(report.actionUnits.source).toMatch(/^blendshapes/);
    expect(Object.keys(report.actionUnits.perAu)).toEqual(['AU1', 'AU2', 'AU4', 'AU6', 'AU12', 'AU15', 'AU20', 'AU25']);
    expect(report.actionUnits.perAu.AU12.count).toBe(report.faceDetection.detected);
    expect(report.actionUnits.meanF1).toBeGreaterThanOrEqual(0);
    expect(report.actionUnits.meanByExpression.Happiness.count).toBe(2);
    const csv = readFileSync(predictions, 'utf8').trimEnd().split('\n');
    expect(csv).toHaveLength(9);
    expect(csv[0].split(',')).toHaveLength(20);
    expect(csv[1]).toMatch(/^0,Neutral,[01],/);

    const unknown = await evaluate([path, '--model', 'no-such-model', '--limit', '2']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown model "no-such-model"/);
  }, 120_000);

  it.skipIf(SKIP_REASON !== null)(`scores a tiny ABAW layout with the challenge's metrics${SKIP_REASON ? ` (skipped: ${SKIP_REASON})` : ''}`, async () => {
    const abaw = join(dir, 'abaw');
    makeTinyAbawLayout(abaw);
    const predictions = join(dir, 'abaw-predictions.csv');
    const result = await evaluate([abaw, '--backend', 'wasm', '--model', 'av-mt-vgg-rnn-lite-init', '--predictions', predictions]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect([report.kind, report.split, report.count, report.videos]).toEqual(['abaw', 'Validation_Set', 7, 2]);
    // VA: vidA frames 1, 3, 4 (frame 2 is -5) and vidB 1, 3, 4 (its line 2 has no frame).
    expect(report.valenceArousal.frames).toBe(6);
    // Expression: vidA 1, 2, 4 (3 is -1; 4 is Other) and vidB 1, 3, 4.
    expect([report.expression.frames, report.expression.otherFrames]).toEqual([6, 1]);
    expect(report.expression.perClassF1.Other).toBe(0);
    // AUs: vidA frames 1, 2, 4 (3 is all -1); vidB has no AU file.
    expect(report.actionUnits.perAu.AU12.frames).toBe(3);
    expect(report.actionUnits.perAu.AU7).toBeNull();
    const expected = (report.valenceArousal.valenceCcc + report.valenceArousal.arousalCcc) / 2 + report.expression.f1 + report.actionUnits.meanF1Over12;
    expect(report.mtlScore).toBeCloseTo(expected, 10);
    const csv = readFileSync(predictions, 'utf8').trimEnd().split('\n');
    expect(csv.slice(1).map((line) => line.split(',')[0])).toEqual(['vidA/00001', 'vidA/00002', 'vidA/00003', 'vidA/00004', 'vidB/00001', 'vidB/00003', 'vidB/00004']);
  }, 180_000);

  it.skipIf(SKIP_REASON !== null)(`writes a clip's mean outputs as its predictions row${SKIP_REASON ? ` (skipped: ${SKIP_REASON})` : ''}`, async () => {
    const clips = join(dir, 'clips');
    mkdirSync(clips);
    for (const [name, hz] of [['03-01-05-01-01-01-18.wav', 220], ['03-01-03-02-01-01-19.wav', 330]] as const) {
      execFileSync('ffmpeg', ['-v', 'error', '-nostdin', '-f', 'lavfi', '-i', `sine=frequency=${hz}:duration=0.5`, '-ar', '16000', join(clips, name)]);
    }
    const predictions = join(dir, 'clip-predictions.csv');
    const result = await evaluate([clips, '--backend', 'wasm', '--model', 'av-mt-vgg-rnn-lite-init', '--predictions', predictions]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.kind).toBe('audio');
    expect(report.clips[0]).not.toHaveProperty('meanOutputs');
    const rows = readFileSync(predictions, 'utf8').trimEnd().split('\n').slice(1).map((line) => line.split(','));
    expect(rows.map((r) => r.slice(0, 3))).toEqual([['03-01-03-02-01-01-19.wav', 'Happiness', '0'], ['03-01-05-01-01-01-18.wav', 'Anger', '0']]);
    // The row's expression probabilities are the clip's mean: they sum to 1, and their argmax is the reported prediction.
    rows.forEach((r, k) => {
      const probabilities = r.slice(13).map(Number);
      expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(probabilities.indexOf(Math.max(...probabilities))).toBe(report.clips[k].predicted);
    });
  }, 120_000);
});
