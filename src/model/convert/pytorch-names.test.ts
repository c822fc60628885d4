import { describe, expect, it } from 'vitest';
import type { Architecture } from '../config';
import { validateAvModelConfig } from '../config';
import { paramSpec } from '../param-spec';
import { TINY_CONFIG, tinyWeights } from '../test-fixtures';
import { toPyTorchState } from './pytorch-fixtures';
import { convertLayout, convertPyTorchState, mapPyTorchName, PYTORCH_NAME_MAP, sourceShape } from './pytorch-names';

/** 4 channels everywhere, 64×64 faces → 2×2 after the pools, 32×64 audio → 1×2: small enough to check every index. */
const SMALL = validateAvModelConfig({ widthMultiplier: 1 / 128, fcUnits: 5, gruUnits: 3, face: { cropSizePx: 64, channels: 3 }, audio: { contextFrames: 32, freqBins: 64 } });

describe('mapPyTorchName', () => {
  it.each([
    ['visual.convs.0.weight', 'visual.conv1_1.weight', 'oihw→hwio'],
    ['visual.convs.2.bias', 'visual.conv2_1.bias', 'same'],
    ['audio.convs.12.weight', 'audio.conv5_3.weight', 'oihw→hwio'],
    ['audio.fc1.weight', 'audio.fc1.weight', 'fc1 nchw→nhwc'],
    ['visual.fc1.bias', 'visual.fc1.bias', 'same'],
    ['visual_gru.weight_ih_l0', 'visual.gru.0.weight_ih', 'same'],
    ['fusion_gru.bias_hh_l1', 'fusion.gru.1.bias_hh', 'same'],
    ['audio_gru.weight_hh_l3', 'audio.gru.3.weight_hh', 'same'],
    ['head.linear.weight', 'head.weight', 'transpose'],
    ['head.linear.bias', 'head.bias', 'same'],
  ])('%s → %s (%s)', (source, target, layout) => {
    expect(mapPyTorchName(source, 0.125)).toEqual({ target, layout });
  });

  it.each(['visual.convs.13.weight', 'visual.norms.0.running_mean', 'fusion.convs.0.weight', 'head.weight', 'visual_gru.weight_ih', 'xvisual.fc1.bias'])(
    'knows no %s',
    (source) => expect(mapPyTorchName(source, 0.125)).toBeNull(),
  );

  it('covers every target of every architecture exactly once', () => {
    for (const architecture of ['mt-vgg', 'mt-vgg-rnn', 'av-mt-vgg-rnn'] as Architecture[]) {
      const sources = [...toPyTorchState(architecture, TINY_CONFIG, tinyWeights(architecture)).keys()];
      const targets = sources.map((s) => mapPyTorchName(s, TINY_CONFIG.widthMultiplier)?.target);
      expect(targets.sort()).toEqual(paramSpec(architecture, TINY_CONFIG).map((e) => e.name).sort());
    }
    expect(PYTORCH_NAME_MAP).toHaveLength(10);
  });
});

describe('layouts', () => {
  it('permutes fc1 rows from NCHW to NHWC flattening, then transposes', () => {
    const entry = paramSpec('av-mt-vgg-rnn', SMALL).find((e) => e.name === 'visual.fc1.weight')!;
    const [C, H, W, F] = [4, 2, 2, 5];
    expect(entry.shape).toEqual([H * W * C, F]);
    expect(sourceShape('fc1 nchw→nhwc', entry.shape)).toEqual([F, C * H * W]);
    // Source value names its own (f, c, y, x).
    const source = new Float32Array(F * C * H * W);
    for (let f = 0; f < F; f++) for (let c = 0; c < C; c++) for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) source[((f * C + c) * H + y) * W + x] = f * 1000 + c * 100 + y * 10 + x;
    const target = convertLayout('fc1 nchw→nhwc', source, entry, SMALL);
    // Row (y·W + x)·C + c holds input (y, x, c); column f.
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let c = 0; c < C; c++) for (let f = 0; f < F; f++) {
      expect(target[((y * W + x) * C + c) * F + f]).toBe(f * 1000 + c * 100 + y * 10 + x);
    }
    // The audio stream's map is 1×2 (64 bins wide, 32 frames high): not square.
    const audio = paramSpec('av-mt-vgg-rnn', SMALL).find((e) => e.name === 'audio.fc1.weight')!;
    expect(audio.shape).toEqual([1 * 2 * 4, 5]);
    const audioSource = Float32Array.from({ length: 40 }, (_, i) => i);
    const audioTarget = convertLayout('fc1 nchw→nhwc', audioSource, audio, SMALL);
    // target row (x·4 + c) = source column (c·2 + x).
    expect(audioTarget[(1 * 4 + 3) * 5 + 2]).toBe(2 * 8 + 3 * 2 + 1);
  });

  it('moves conv kernels from [out, in, kh, kw] to [kh, kw, in, out] and transposes the head', () => {
    const conv = { name: 'visual.conv1_1.weight', shape: [3, 3, 2, 4] };
    const source = new Float32Array(4 * 2 * 3 * 3);
    for (let o = 0; o < 4; o++) for (let i = 0; i < 2; i++) for (let y = 0; y < 3; y++) for (let x = 0; x < 3; x++) source[((o * 2 + i) * 3 + y) * 3 + x] = o * 1000 + i * 100 + y * 10 + x;
    const target = convertLayout('oihw→hwio', source, conv, SMALL);
    expect(target[((2 * 3 + 1) * 2 + 1) * 4 + 3]).toBe(3 * 1000 + 1 * 100 + 2 * 10 + 1);
    const head = convertLayout('transpose', Float32Array.from([1, 2, 3, 4, 5, 6]), { name: 'head.weight', shape: [3, 2] }, SMALL);
    expect([...head]).toEqual([1, 4, 2, 5, 3, 6]);
  });
});

describe('convertPyTorchState', () => {
  it.each(['mt-vgg', 'mt-vgg-rnn', 'av-mt-vgg-rnn'] as Architecture[])('round-trips %s weights exactly', (architecture) => {
    const weights = tinyWeights(architecture, 5);
    const converted = convertPyTorchState(toPyTorchState(architecture, TINY_CONFIG, weights), architecture, TINY_CONFIG);
    expect([...converted.keys()].sort()).toEqual([...weights.keys()].sort());
    for (const [name, values] of weights) expect(converted.get(name), name).toEqual(values);
  });

  it('round-trips an audio stream wider than the visual one (its own channels in the fc1 permutation)', () => {
    const wider = validateAvModelConfig({ ...TINY_CONFIG, audio: { ...TINY_CONFIG.audio, widthMultiplier: 1 / 8, fcUnits: 24 } });
    const weights = tinyWeights('av-mt-vgg-rnn', 3, wider);
    expect(weights.get('audio.fc1.weight')!.length).toBe(1 * 1 * 64 * 24);
    const converted = convertPyTorchState(toPyTorchState('av-mt-vgg-rnn', wider, weights), 'av-mt-vgg-rnn', wider);
    for (const [name, values] of weights) expect(converted.get(name), name).toEqual(values);
    // The same export read with one width for both streams fits nowhere in the audio stream.
    expect(() => convertPyTorchState(toPyTorchState('av-mt-vgg-rnn', wider, weights), 'av-mt-vgg-rnn', TINY_CONFIG)).toThrow(
      /shape mismatches: audio\.convs\.0\.weight → audio\.conv1_1\.weight: expected \[4, 1, 3, 3\], got \[8, 1, 3, 3\]/,
    );
  });

  it('names every unknown, surplus, missing and mis-shaped tensor in one AffectscopeError', () => {
    const state = toPyTorchState('av-mt-vgg-rnn', SMALL, tinyWeights('av-mt-vgg-rnn', 1, SMALL));
    state.set('visual.norms.0.running_mean', { shape: [4], values: new Float32Array(4) });
    state.set('extra.thing', { shape: [1], values: new Float32Array(1) });
    state.set('head.linear.weight', { shape: [17, 4], values: new Float32Array(68) });
    state.delete('fusion_gru.bias_hh_l1');
    const convert = () => convertPyTorchState(state, 'av-mt-vgg-rnn', SMALL);
    expect(convert).toThrow(expect.objectContaining({ code: 'invalid-options' }));
    expect(convert).toThrow(/unknown source tensors: visual\.norms\.0\.running_mean \(BatchNorm not folded: export with export_state\(\)\), extra\.thing/);
    expect(convert).toThrow(/shape mismatches: head\.linear\.weight → head\.weight: expected \[17, 3\], got \[17, 4\]/);
    expect(convert).toThrow(/missing tensors for av-mt-vgg-rnn: fusion\.gru\.1\.bias_hh$/);
  });

  it('refuses the audio stream for a visual-only architecture', () => {
    const state = toPyTorchState('av-mt-vgg-rnn', SMALL, tinyWeights('av-mt-vgg-rnn', 1, SMALL));
    expect(() => convertPyTorchState(state, 'mt-vgg-rnn', SMALL)).toThrow(/source tensors mt-vgg-rnn has no place for: audio\.convs\.0\.weight → audio\.conv1_1\.weight, .* \(\d+ in all\)/);
  });

  it('refuses a width the export was not made with (every conv mis-shaped)', () => {
    const state = toPyTorchState('mt-vgg', TINY_CONFIG, tinyWeights('mt-vgg'));
    expect(() => convertPyTorchState(state, 'mt-vgg', validateAvModelConfig({ ...TINY_CONFIG, widthMultiplier: 1 / 8 }))).toThrow(
      /shape mismatches: visual\.convs\.0\.weight → visual\.conv1_1\.weight: expected \[8, 3, 3, 3\], got \[4, 3, 3, 3\]/,
    );
  });
});
