/**
 * The Python side of the training recipe (training/): its own unit tests, and the proof that the audio
 * windows it builds from the app's spectrogram frames are exactly the app's contextWindowAt (what the live
 * page feeds the model at a video time). Needs Debian's PyTorch (/usr/bin/python3 + python3-torch):
 * skipped locally without it, a failure in CI.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { clipSpectrogram, contextWindowAt } from '../../src/core/audio';
import { BLENDSHAPE_AU_CALIBRATION, BLENDSHAPE_AU_SOURCES, blendshapesToActionUnits } from '../../src/core/au/blendshape-aus';
import { chooseActionUnitThresholds } from '../../src/core/au/thresholds';
import { encodeNpy } from './lib/npy.mjs';

const PYTHON = process.env.AFFECTSCOPE_PYTHON ?? '/usr/bin/python3';
const TRAINING = fileURLToPath(new URL('../../training', import.meta.url));
const hasTorch = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8' }).status === 0;
const inCi = Boolean(process.env.CI);

describe.skipIf(!hasTorch && !inCi)('training recipe (Python)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'affectscope-training-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has Debian PyTorch for /usr/bin/python3', () => {
    expect(hasTorch, `${PYTHON} cannot import torch: apt-get install python3-torch python3-numpy`).toBe(true);
  });

  // Includes tiny training runs (interrupted and resumed): ~10 s alone, more on a busy machine.
  it('passes its unit tests', () => {
    const run = spawnSync(PYTHON, ['-m', 'unittest', 'discover', '-s', 'tests', '-t', '.'], { cwd: TRAINING, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
  }, 300_000);

  it("trains the AU head on the app's blendshape → AU table (same sources, calibration and activations)", () => {
    const names = ['browInnerUp', 'browOuterUpLeft', 'browOuterUpRight', 'browDownLeft', 'browDownRight', 'eyeSquintLeft', 'eyeSquintRight',
      'mouthSmileLeft', 'mouthSmileRight', 'mouthFrownLeft', 'mouthFrownRight', 'mouthStretchLeft', 'mouthStretchRight', 'jawOpen',
      'mouthClose', 'mouthUpperUpLeft', 'mouthUpperUpRight', 'mouthLowerDownLeft', 'mouthLowerDownRight'];
    // Deterministic rows spread over [0, 1] (a Weyl sequence), plus rows at the calibration points themselves.
    const rows = Array.from({ length: 64 }, (_, r) => names.map((_, k) => ((r + 1) * 0.618034 * (k + 1.31)) % 1));
    for (const c of Object.values(BLENDSHAPE_AU_CALIBRATION)) for (const v of [c.restScore, c.presentScore, c.fullScore]) rows.push(names.map(() => v));
    const script = [
      'import json, sys, numpy as np',
      'from affectscope_train.au_targets import table_as_json, au_activation, raw_au_scores',
      `names = ${JSON.stringify(names)}`,
      'rows = np.array(json.loads(sys.stdin.read()), dtype=np.float64)',
      'print(json.dumps({"table": table_as_json(), "activations": au_activation(raw_au_scores(rows, names)).tolist()}))',
    ].join('\n');
    const run = spawnSync(PYTHON, ['-c', script], { cwd: TRAINING, encoding: 'utf8', input: JSON.stringify(rows) });
    expect(run.status, run.stderr).toBe(0);
    const python = JSON.parse(run.stdout);
    expect(python.table.sources).toEqual(BLENDSHAPE_AU_SOURCES);
    expect(python.table.calibration).toEqual(BLENDSHAPE_AU_CALIBRATION);
    rows.forEach((row, r) => {
      const expected = blendshapesToActionUnits(Object.fromEntries(names.map((n, k) => [n, row[k]]))).activations;
      python.activations[r].forEach((a: number, k: number) => expect(a).toBeCloseTo(expected[k], 12));
    });
  });

  it("builds the same audio windows from the app's frames as contextWindowAt", () => {
    const rateHz = 16000;
    const clips = [1.3, 2.2].map((seconds, c) => {
      const signal = new Float32Array(Math.round(seconds * rateHz));
      for (let i = 0; i < signal.length; i++) signal[i] = 0.4 * Math.sin((2 * Math.PI * (220 + 330 * c) * i) / rateHz) * Math.sin(i / 2000);
      return clipSpectrogram(signal);
    });
    const timesMs = [0, 32.9, 33, 55, 500, 1234.5, 2500];
    const frames = new Float32Array(clips.reduce((n, c) => n + c.frames.length * c.freqBins, 0));
    const expected = new Float32Array(clips.length * timesMs.length * 64 * 128);
    let offset = 0;
    const index = clips.map((clip, c) => {
      clip.frames.forEach((f, i) => frames.set(f, (offset + i) * clip.freqBins));
      timesMs.forEach((t, k) => expected.set(contextWindowAt(clip, t, 64), (c * timesMs.length + k) * 64 * 128));
      const entry = { file: `03-01-0${c + 3}-01-01-01-0${c + 1}.flac`, offset, count: clip.frames.length };
      offset += clip.frames.length;
      return entry;
    });
    writeFileSync(join(dir, 'ravdess_frames.npy'), encodeNpy(frames, [offset, 128]));
    writeFileSync(join(dir, 'ravdess_index.json'), JSON.stringify({ clips: index, hopMs: 22, windowMs: 33 }));
    writeFileSync(join(dir, 'expected.npy'), encodeNpy(expected, [clips.length, timesMs.length, 64, 128]));
    const script = [
      'import sys, numpy as np',
      'from affectscope_train.data import load_ravdess',
      `d = load_ravdess(${JSON.stringify(dir)})`,
      `expected = np.load(${JSON.stringify(join(dir, 'expected.npy'))})`,
      `times = np.array(${JSON.stringify(timesMs)})`,
      'got = np.stack([d.windows(c, times) for c in d.clips])',
      'print(float(np.abs(got - expected).max()), got.shape == expected.shape)',
    ].join('\n');
    const run = spawnSync(PYTHON, ['-c', script], { cwd: TRAINING, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe('0.0 True');
  });

  it("chooses each AU's threshold as the app's calibration does (grid, F1, ties nearest 0.5)", () => {
    // Deterministic outputs and presences with some structure (outputs lean towards the truth), plus a tie-heavy AU.
    const outputs = Array.from({ length: 300 }, (_, r) => Array.from({ length: 8 }, (_, k) => ((r + 1) * 0.754877 * (k + 1.7)) % 1));
    const present = outputs.map((row, r) => row.map((p, k) => (k === 7 ? r % 2 === 0 : p + (((r * 7 + k * 3) % 10) / 10 - 0.5) * 0.6 > 0.55)));
    const script = [
      'import json, sys, numpy as np',
      'from affectscope_train.metrics import choose_au_thresholds',
      'd = json.loads(sys.stdin.read())',
      'print(json.dumps(choose_au_thresholds(np.array(d["outputs"]), np.array(d["present"], bool))))',
    ].join('\n');
    const run = spawnSync(PYTHON, ['-c', script], { cwd: TRAINING, encoding: 'utf8', input: JSON.stringify({ outputs, present }) });
    expect(run.status, run.stderr).toBe(0);
    const app = chooseActionUnitThresholds(outputs, present).map((c) => c.threshold);
    expect(JSON.parse(run.stdout)).toEqual(app);
    expect(new Set(app).size).toBeGreaterThan(2); // not all at one value: the comparison means something
  });

  // The inverse of the app's converter, so phase 3 can be trained again on the streams exactly as shipped
  // (train.py --from-model): a tiny run → convert-weights → read back → the same outputs; then a --from-model run.
  it('reads an app model back into PyTorch with the same outputs, and trains phase 3 again on its streams', () => {
    const folder = join(dir, 'roundtrip');
    /** Runs a step of app_model_roundtrip.py; returns its stdout, whose last line is JSON for the check steps. */
    const python = (step: string) => {
      const run = spawnSync(PYTHON, ['tests/app_model_roundtrip.py', step, folder], { cwd: TRAINING, encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      return run.stdout;
    };
    const checked = (step: string) => JSON.parse(python(step).trim().split('\n').pop()!);
    /** The app's converter on the run folder <folder>/<run>, as app model <out> (float32: the check compares exactly). */
    const convert = (run: string, id: string, out: string) => {
      const converted = spawnSync(process.execPath, ['tools/weights/convert-weights.mjs', join(folder, run, 'model.safetensors'), '--id', id,
        '--out', out, '--dtype', 'float32', '--provenance', join(folder, run, 'provenance.json')],
      { cwd: fileURLToPath(new URL('../..', import.meta.url)), encoding: 'utf8' });
      expect(converted.status, converted.stderr).toBe(0);
    };
    python('train');
    convert('run', 'roundtrip', join(folder, 'roundtrip'));
    const result = checked('check');
    expect(result.outputMaxAbs).toBeGreaterThan(0.01);
    expect(result.outputMaxAbsDiff).toBeLessThan(1e-5);
    expect(result).toMatchObject({ streamsKept: true, recurrentRetrained: true, visualFrom: 'roundtrip', audioFrom: 'roundtrip', manifestId: 'roundtrip', auWeight: 2 });
    expect(result.notes).toContain('recurrent layers trained again');
    expect(result.notes).toMatch(/streams those of the app model roundtrip \(weights sha256 [0-9a-f]{12}…\)/);
    expect(result.notes).not.toContain(folder); // no path of the machine it was made on
    expect(result.notes).not.toContain('visual stream 0 min');

    // The same model's visual stream with an audio stream twice as wide (trained here): converted and read back.
    python('wider');
    convert('wider', 'wider', join(folder, 'app', 'wider'));
    const widerResult = checked('check-wider');
    expect(widerResult.outputMaxAbs).toBeGreaterThan(0.01);
    expect(widerResult.outputMaxAbsDiff).toBeLessThan(1e-5);
    expect(widerResult.visualKept).toBe(true);
    expect(widerResult.config).toMatchObject({ widthMultiplier: 0.03125, fcUnits: 128, audio: { widthMultiplier: 0.0625, fcUnits: 256 } });
    expect(widerResult.audioConvChannels).toEqual([4, 4, 8, 8, 16, 16, 16, 32, 32, 32, 32, 32, 32]);
    expect(widerResult.notes).toMatch(/Visual stream that of the app model roundtrip \(weights sha256 [0-9a-f]{12}…\).*audio stream of width 0\.0625 trained/);
    // …and a run at the model's own width whose audio stream learns from that wider one (knowledge distillation)
    expect(widerResult).toMatchObject({ taughtVisualKept: true, taughtAudioRetrained: true, taughtConfig: { widthMultiplier: 0.03125, audio: { contextFrames: 64 } } });
    expect(widerResult.taughtConfig.audio.widthMultiplier).toBeUndefined(); // one width for both streams
    expect(widerResult.taughtNotes).toMatch(/audio stream of width 0\.03125 trained by affectscope \(npm run train -- --from-model --audio-teacher: distilled from a phase-2 stream of width 0\.0625, weights [0-9a-f]{16}\)/);
    expect(widerResult.taughtNotes).not.toContain(folder);
    expect(widerResult.taughtNotes).not.toContain('visual stream 0 min'); // only the stream it trained
  }, 300_000);
});
