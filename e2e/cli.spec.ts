import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { countVideoFrames, ensureFaceVideo } from '../test-support/media.mjs';
import { ACTION_UNITS } from '../src/core/labels';

// `affectscope analyze` is a Node program that drives its own headless Chromium against the built app (dist/);
// this spec runs it as a child process, like a user would. It needs no page of its own.
test.describe.configure({ timeout: 600_000 });

const CLI = new URL('../bin/affectscope.mjs', import.meta.url).pathname;
/** The trained lite model (the default), named so that a generated full-size test model can never be used instead. */
const LITE_MODEL = 'av-mt-vgg-rnn-lite';

function runCli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'analyze', ...args, '--model', LITE_MODEL], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

const lines = (path: string) => readFileSync(path, 'utf8').trimEnd().split('\n');
/** The shipped model's AU thresholds, as the app serves them. */
const AU_THRESHOLDS: number[] = JSON.parse(readFileSync(new URL(`../dist/models/${LITE_MODEL}/manifest.json`, import.meta.url), 'utf8')).actionUnitThresholds.values;

test('a folder with two videos and a corrupt file: two results, one clear error, exit 1; a rerun skips the two', async () => {
  // Names in another script: each keeps its letters as its folder (both once folded to "video").
  const folder = mkdtempSync(join(tmpdir(), 'affectscope-cli-in-'));
  const out = mkdtempSync(join(tmpdir(), 'affectscope-cli-out-'));
  try {
    copyFileSync(ensureFaceVideo('webm'), join(folder, '张三.webm'));
    copyFileSync(ensureFaceVideo('mp4'), join(folder, '李四.mp4'));
    // An MP4 cut off inside its header: looks like a video by name, unreadable inside.
    writeFileSync(join(folder, 'broken.mp4'), readFileSync(ensureFaceVideo('mp4')).subarray(0, 400));
    mkdirSync(join(folder, 'not-a-video.txt.d'));
    writeFileSync(join(folder, 'notes.txt'), 'not a video: ignored');

    const first = await runCli([folder, '--out', out]);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/2 analysed, 0 skipped \(already done\), 1 failed, of 3 video/);
    expect(first.stderr).toMatch(/could not analyse:\n.*broken\.mp4: .*cannot be read as a video/);
    expect(first.stderr).toMatch(/\d+\/\d+ frames, [\d.]+ fps, [\d:?]+ left · files \d\/3 done/); // progress on stderr

    for (const [name, source] of [['张三', 'webm'], ['李四', 'mp4']] as const) {
      const frameCount = countVideoFrames(ensureFaceVideo(source));
      const dir = join(out, name);
      const marker = JSON.parse(readFileSync(join(dir, 'done.json'), 'utf8'));
      expect(marker).toMatchObject({ frameCount, framesAnalysed: frameCount, backend: 'wasm', audio: 'decoded', model: { id: LITE_MODEL, actionUnitThresholds: AU_THRESHOLDS } });
      expect(lines(join(dir, 'frames.csv'))).toHaveLength(frameCount + 1);
      expect(JSON.parse(readFileSync(join(dir, 'frames.json'), 'utf8'))).toHaveLength(frameCount);
      const va = lines(join(dir, 'VA_Estimation.txt'));
      expect(va[0]).toBe('valence,arousal');
      expect(va).toHaveLength(frameCount + 1);
      // Each row holds a value, or -5,-5 where the landmarker missed the face (rare on this clip: at most 5 %).
      expect(va.slice(1).every((l) => /^-?\d\.\d{4},-?\d\.\d{4}$/.test(l) || l === '-5,-5')).toBe(true);
      expect(va.filter((l) => l === '-5,-5').length).toBeLessThanOrEqual(frameCount * 0.05);
      expect(lines(join(dir, 'EXPR_Recognition.txt'))).toHaveLength(frameCount + 1);
      const aus = lines(join(dir, 'AU_Detection.txt'));
      expect(aus[0]).toBe('AU1,AU2,AU4,AU6,AU12,AU15,AU20,AU25');
      // each AU present from the model's own threshold (its manifest's actionUnitThresholds), as frames.json's
      // probabilities say (full precision: frames.csv rounds to 6 decimals, which can cross a threshold)
      const rows: { faceFound: boolean; actionUnits: Record<string, number> | null }[] = JSON.parse(readFileSync(join(dir, 'frames.json'), 'utf8'));
      const expected = rows.map((row) => ACTION_UNITS.map((au, k) => (!row.faceFound || !row.actionUnits ? '-1' : row.actionUnits[au] >= AU_THRESHOLDS[k] ? '1' : '0')).join(','));
      expect(aus.slice(1)).toEqual(expected);
      // one face: the files written before tracks, and no per-track set
      expect(readdirSync(dir).sort()).toEqual(['AU_Detection.txt', 'EXPR_Recognition.txt', 'VA_Estimation.txt', 'done.json', 'frames.csv', 'frames.json']);
      expect(marker.tracks).toEqual([]);
    }
    const writtenAt = statSync(join(out, '张三', 'done.json')).mtimeMs;

    // The rerun skips what is complete and still reports the corrupt file.
    const second = await runCli([folder, '--out', out]);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/2 of 3 already done, skipped/);
    expect(second.stderr).toMatch(/0 analysed, 2 skipped \(already done\), 1 failed/);
    expect(statSync(join(out, '张三', 'done.json')).mtimeMs).toBe(writtenAt);

    // Only good videos: exit 0.
    rmSync(join(folder, 'broken.mp4'));
    const third = await runCli([folder, '--out', out]);
    expect(third.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['张三', '李四'].sort()); // no lock or partial folder left behind
  } finally {
    rmSync(folder, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
});

test('a video with two people: an ABAW set per person, left_ and right_, a row per video frame each, beside the largest face\'s set', async () => {
  const video = ensureFaceVideo('twofaces'); // a large head on the left, a small one on the right, both from frame 0
  const frameCount = countVideoFrames(video);
  const out = mkdtempSync(join(tmpdir(), 'affectscope-cli-out-'));
  try {
    const run = await runCli([video, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const dir = join(out, basename(video, extname(video)));
    const marker = JSON.parse(readFileSync(join(dir, 'done.json'), 'utf8'));
    expect(marker).toMatchObject({ frameCount, framesAnalysed: frameCount });
    const tracks: Array<{ name: string; frames: number; files: string[] }> = marker.tracks;
    expect(tracks.map((t) => t.name).sort()).toEqual(['left', 'right']);
    const TASKS = ['VA_Estimation', 'EXPR_Recognition', 'AU_Detection'];
    const perTrack = ['left', 'right'].flatMap((name) => TASKS.map((task) => `${name}_${task}.txt`));
    for (const track of tracks) {
      expect(track.frames, `frames with the ${track.name} face`).toBeGreaterThanOrEqual(frameCount * 0.95);
      expect(track.files).toEqual(TASKS.map((task) => `${track.name}_${task}.txt`));
    }
    // the largest face's set stays; the streamed track<id>_ files were renamed, none is left
    expect(readdirSync(dir).sort()).toEqual(['frames.csv', 'frames.json', 'done.json', ...TASKS.map((t) => `${t}.txt`), ...perTrack].sort());
    expect([...marker.outputs].sort()).toEqual(readdirSync(dir).filter((n) => n !== 'done.json').sort());
    for (const name of ['left', 'right']) {
      for (const task of TASKS) {
        const file = lines(join(dir, `${name}_${task}.txt`));
        expect(file[0], `${name} ${task} header`).toBe(lines(join(dir, `${task}.txt`))[0]);
        expect(file, `${name} ${task}`).toHaveLength(frameCount + 1);
      }
      const va = lines(join(dir, `${name}_VA_Estimation.txt`)).slice(1);
      expect(va.every((l) => /^-?\d\.\d{4},-?\d\.\d{4}$/.test(l) || l === '-5,-5')).toBe(true);
      expect(va.filter((l) => l === '-5,-5').length, `${name} frames without a value`).toBeLessThanOrEqual(frameCount * 0.05);
    }
    expect(lines(join(dir, 'VA_Estimation.txt'))).toHaveLength(frameCount + 1);
    // each person's own outputs, not a copy of the other's
    expect(lines(join(dir, 'left_VA_Estimation.txt'))).not.toEqual(lines(join(dir, 'right_VA_Estimation.txt')));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('a phone video stored sideways is analysed upright: frame for frame what the upright video gives', async () => {
  // The same clip twice: as made, and with its pixels turned 90° plus the display matrix that turns them back.
  const folder = mkdtempSync(join(tmpdir(), 'affectscope-cli-in-'));
  const out = mkdtempSync(join(tmpdir(), 'affectscope-cli-out-'));
  try {
    copyFileSync(ensureFaceVideo('mp4'), join(folder, 'upright.mp4'));
    copyFileSync(ensureFaceVideo('sideways'), join(folder, 'sideways.mp4'));
    const run = await runCli([folder, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    type Row = { faceFound: boolean; valence: number; arousal: number; actionUnits: Record<string, number>; expressions: Record<string, number> };
    const read = (name: string): Row[] => JSON.parse(readFileSync(join(out, name, 'frames.json'), 'utf8'));
    const upright = read('upright');
    const sideways = read('sideways');
    expect(sideways).toHaveLength(upright.length);
    // a face in (nearly) every frame: turned the wrong way, the landmarker finds it in few (15 of 90 when tried)
    expect(sideways.filter((r) => r.faceFound).length).toBeGreaterThanOrEqual(upright.length * 0.95);
    const values = (r: Row) => [r.valence, r.arousal, ...Object.values(r.actionUnits), ...Object.values(r.expressions)];
    let maxDiff = 0;
    upright.forEach((u, i) => {
      if (!u.faceFound || !sideways[i].faceFound) return;
      const a = values(u), b = values(sideways[i]);
      a.forEach((v, k) => (maxDiff = Math.max(maxDiff, Math.abs(v - b[k]))));
    });
    // only the second encoding differs (measured: at most 0.007)
    expect(maxDiff).toBeLessThan(0.05);
  } finally {
    rmSync(folder, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
});

test('usage errors exit 2 and say what is wrong', async () => {
  const missing = await runCli(['/nonexistent/video.mp4', '--out', '/tmp/x']);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('/nonexistent/video.mp4 does not exist');
  const noOut = await runCli([tmpdir()]);
  expect(noOut.code).toBe(2);
  expect(noOut.stderr).toContain('--out <dir> is required');
});
