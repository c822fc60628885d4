// `npm run train -- --abaw <dir>` end to end on a tiny ABAW layout made here (lib/abaw-fixture.ts): the frames through
// the app's landmarker in headless Chromium, a tiny PyTorch run on their labels with a synthetic speech cache, the
// conversion into a temporary model folder (never public/models); then the same command again resumes from the
// finished checkpoints to the same weights.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTinyAbawLayout } from './lib/abaw-fixture';
import { encodeNpy } from './lib/npy.mjs';
import { expressionLabelMode, onlyStream, splitTrainArgs } from './train.mjs';

const run = promisify(execFile);
const PYTHON = process.env.AFFECTSCOPE_PYTHON ?? '/usr/bin/python3';
const hasTorch = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8' }).status === 0;
const SKIP_REASON = !existsSync('/usr/bin/chromium') ? '/usr/bin/chromium is absent (the landmarker runs in headless Chromium)'
  : !hasTorch ? `${PYTHON} cannot import torch (apt-get install python3-torch)` : null;
const TINY = ['--width', '0.03125', '--visual-epochs', '2', '--audio-epochs', '1', '--recurrent-epochs', '1', '--recurrent-steps', '2',
  '--batch', '4', '--threads', '1', '--sequence-steps', '4', '--centroid-batches', '2'];

/** A speech cache as prepare-data writes it: one clip of each emotion for a training and a held-out actor, random frames. */
function writeSpeechCache(cache: string): void {
  mkdirSync(cache, { recursive: true });
  const clips = [];
  let offset = 0;
  for (let emotion = 1; emotion <= 8; emotion++) {
    for (const actor of [1, 18]) {
      clips.push({ file: `03-01-0${emotion}-01-01-01-${String(actor).padStart(2, '0')}.flac`, offset, count: 40 });
      offset += 40;
    }
  }
  const frames = Float32Array.from({ length: offset * 128 }, (_, i) => Math.sin(i * 0.37) * 0.9);
  writeFileSync(join(cache, 'ravdess_frames.npy'), encodeNpy(frames, [offset, 128]));
  writeFileSync(join(cache, 'ravdess_index.json'), JSON.stringify({ clips, hopMs: 22, windowMs: 33 }));
  writeFileSync(join(cache, 'READY-audio'), '{}');
}

describe('npm run train', () => {
  const dir = mkdtempSync(join(tmpdir(), 'affectscope-train-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps its own options and passes the rest to the Python trainer', () => {
    const { node, python } = splitTrainArgs(['--abaw', '/data/abaw', '--labels', 'ferplus-ce', '--cache=/tmp/c', '--no-convert', '--seed', '2']);
    expect([node.abaw, node.cache, node.convert]).toEqual(['/data/abaw', '/tmp/c', false]);
    expect(python).toEqual(['--labels', 'ferplus-ce', '--seed', '2']);
    expect(() => splitTrainArgs(['--abaw'])).toThrow(/--abaw: expected a folder, got nothing/);
  });

  it('gives the trainer (which runs in training/) --from-model and --audio-teacher as absolute paths', () => {
    expect(splitTrainArgs(['--from-model', 'public/models/av-mt-vgg-rnn-lite', '--recurrent-au-weight', '2']).python)
      .toEqual(['--from-model', resolve('public/models/av-mt-vgg-rnn-lite'), '--recurrent-au-weight', '2']);
    expect(splitTrainArgs(['--from-model=/m/x']).python).toEqual(['--from-model', '/m/x']);
    expect(() => splitTrainArgs(['--from-model'])).toThrow(/--from-model: expected a model folder/);
    expect(splitTrainArgs(['--audio-teacher', 'training/cache/checkpoints/w/audio.epoch.pt']).python)
      .toEqual(['--audio-teacher', resolve('training/cache/checkpoints/w/audio.epoch.pt')]);
  });

  it('an ablation of one stream converts nothing: it writes a report, not weights', () => {
    expect(onlyStream(['--only-audio', '--audio-mixup', '0.4'])).toBe('audio');
    expect(onlyStream(['--labels', 'ferplus-prob', '--only-visual'])).toBe('visual');
    expect(onlyStream(['--labels', 'ferplus-prob'])).toBeNull();
  });

  it("names the weights by the trainer's label mode, FER+ votes unless told otherwise", () => {
    expect(expressionLabelMode([])).toBe('ferplus-ce');
    expect(expressionLabelMode(['--seed', '2', '--labels', 'fer2013'])).toBe('fer2013');
    expect(expressionLabelMode(['--labels=ferplus-prob'])).toBe('ferplus-prob');
  });

  it.skipIf(SKIP_REASON !== null)(`trains on a tiny ABAW layout and resumes${SKIP_REASON ? ` (skipped: ${SKIP_REASON})` : ''}`, async () => {
    const abaw = join(dir, 'abaw');
    makeTinyAbawLayout(abaw);
    const cache = join(dir, 'cache');
    writeSpeechCache(cache);
    const args = ['tools/data/train.mjs', '--abaw', abaw, '--cache', cache, '--run', join(dir, 'run'), '--model-dir', join(dir, 'models/av-mt-vgg-rnn-lite'), ...TINY];
    await run('node', args, { maxBuffer: 1 << 26 });
    const ready = JSON.parse(readFileSync(join(cache, 'abaw/READY'), 'utf8'));
    expect([ready.splits.train.frames, ready.splits.validation.frames]).toEqual([8, 7]);
    const report = JSON.parse(readFileSync(join(dir, 'run/report.json'), 'utf8'));
    const faces = report.recurrent[report.chosen].faces;
    expect(faces.primaryLabels).toBe('abaw');
    expect(Number.isFinite(faces.abawChallenge.mtlScore)).toBe(true);
    const manifest = JSON.parse(readFileSync(join(dir, 'models/av-mt-vgg-rnn-lite/manifest.json'), 'utf8'));
    expect(manifest.provenance.data).toMatch(/Aff-Wild2/);
    expect(manifest.name).toMatch(/Aff-Wild2/);
    const weights = readFileSync(join(dir, 'run/model.safetensors'));
    // Again: every phase's checkpoint is complete, nothing is prepared or trained again, the same weights come out.
    const again = await run('node', args, { maxBuffer: 1 << 26 });
    expect(again.stdout + again.stderr).toMatch(/visual: resuming after epoch 2\/2/);
    expect(again.stdout + again.stderr).not.toMatch(/ABAW frames through/);
    expect(readFileSync(join(dir, 'run/model.safetensors')).equals(weights)).toBe(true);
  }, 300_000);
});
