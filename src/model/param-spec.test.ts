import { describe, expect, it } from 'vitest';
import { FULL_AV_MODEL_CONFIG, LITE_AV_MODEL_CONFIG, validateAvModelConfig } from './config';
import { initWeights } from './init-weights';
import { paramSpec, parameterCount, vggConvLayers, vggOutputSize } from './param-spec';
import { TINY_CONFIG } from './test-fixtures';

describe('paramSpec', () => {
  it('has the VGG-16 body at widthMultiplier 1', () => {
    const layers = vggConvLayers(1);
    expect(layers).toHaveLength(13);
    expect(layers.map((l) => l.outChannels)).toEqual([64, 64, 128, 128, 256, 256, 256, 512, 512, 512, 512, 512, 512]);
    expect(vggConvLayers(1 / 64).every((l) => l.outChannels >= 4)).toBe(true);
    expect(vggOutputSize(96, 96)).toEqual([3, 3]);
    expect(vggOutputSize(64, 128)).toEqual([2, 4]);
    expect(vggOutputSize(16, 32)).toEqual([1, 1]);
  });

  it('lists the A/V-MT-VGG-RNN weights with hierarchical names in a stable order', () => {
    const spec = paramSpec('av-mt-vgg-rnn', FULL_AV_MODEL_CONFIG);
    const byName = new Map(spec.map((e) => [e.name, e.shape]));
    expect(spec[0]).toEqual({ name: 'visual.conv1_1.weight', shape: [3, 3, 3, 64] });
    expect(byName.get('audio.conv1_1.weight')).toEqual([3, 3, 1, 64]);
    expect(byName.get('visual.fc1.weight')).toEqual([3 * 3 * 512, 4096]);
    expect(byName.get('audio.fc1.weight')).toEqual([2 * 4 * 512, 4096]);
    expect(byName.get('visual.gru.0.weight_ih')).toEqual([384, 4096]);
    expect(byName.get('visual.gru.1.weight_ih')).toEqual([384, 128]);
    expect(byName.get('fusion.gru.0.weight_ih')).toEqual([384, 256]);
    expect(byName.get('fusion.gru.1.bias_hh')).toEqual([384]);
    expect(spec.slice(-2)).toEqual([
      { name: 'head.weight', shape: [128, 17] },
      { name: 'head.bias', shape: [17] },
    ]);
    expect(new Set(spec.map((e) => e.name)).size).toBe(spec.length);
    expect(paramSpec('av-mt-vgg-rnn', FULL_AV_MODEL_CONFIG)).toEqual(spec);
  });

  it('has the other architectures as subsets', () => {
    const mtVgg = paramSpec('mt-vgg', TINY_CONFIG).map((e) => e.name);
    const mtVggRnn = paramSpec('mt-vgg-rnn', TINY_CONFIG).map((e) => e.name);
    expect(mtVgg.some((n) => n.includes('gru') || n.startsWith('audio'))).toBe(false);
    expect(paramSpec('mt-vgg', TINY_CONFIG).at(-2)?.shape).toEqual([TINY_CONFIG.fcUnits, 17]);
    expect(mtVggRnn.filter((n) => n.includes('gru'))).toHaveLength(8);
    expect(mtVggRnn.some((n) => n.startsWith('fusion') || n.startsWith('audio'))).toBe(false);
  });

  it('sizes a wider audio stream alone', () => {
    const wider = validateAvModelConfig({ widthMultiplier: 0.125, audio: { widthMultiplier: 0.25 } });
    const spec = new Map(paramSpec('av-mt-vgg-rnn', wider).map((e) => [e.name, e.shape]));
    const lite = new Map(paramSpec('av-mt-vgg-rnn', LITE_AV_MODEL_CONFIG).map((e) => [e.name, e.shape]));
    expect(spec.get('audio.conv1_1.weight')).toEqual([3, 3, 1, 16]);
    expect(spec.get('audio.conv5_3.weight')).toEqual([3, 3, 128, 128]);
    expect(spec.get('audio.fc1.weight')).toEqual([2 * 4 * 128, 1024]);
    expect(spec.get('audio.gru.0.weight_ih')).toEqual([384, 1024]);
    for (const [name, shape] of lite) if (!name.startsWith('audio.')) expect(spec.get(name), name).toEqual(shape);
    // PyTorch's count of the same network (training/affectscope_train/model.py, Config(0.125, audio_width_multiplier=0.25)).
    expect(parameterCount(paramSpec('av-mt-vgg-rnn', wider))).toBe(3_633_385);
    expect(parameterCount(paramSpec('av-mt-vgg-rnn', LITE_AV_MODEL_CONFIG))).toBe(1_959_761);
  });

  it('sizes the presets as documented', () => {
    const lite = parameterCount(paramSpec('av-mt-vgg-rnn', LITE_AV_MODEL_CONFIG));
    const full = parameterCount(paramSpec('av-mt-vgg-rnn', FULL_AV_MODEL_CONFIG));
    expect(lite).toBeGreaterThan(1e6);
    expect(lite).toBeLessThan(2e6);
    expect(full).toBeGreaterThan(60e6);
    expect(full).toBeLessThan(80e6);
  });
});

describe('initWeights', () => {
  const spec = paramSpec('av-mt-vgg-rnn', TINY_CONFIG);

  it('is deterministic per seed', () => {
    const a = initWeights(spec, 1);
    const b = initWeights(spec, 1);
    const c = initWeights(spec, 2);
    expect(a.get('visual.conv3_2.weight')).toEqual(b.get('visual.conv3_2.weight'));
    expect(a.get('visual.conv3_2.weight')).not.toEqual(c.get('visual.conv3_2.weight'));
  });

  it('uses He-normal for conv/fc, ±1/√H for GRU and zero biases', () => {
    const weights = initWeights(paramSpec('av-mt-vgg-rnn', LITE_AV_MODEL_CONFIG), 3);
    const fc = weights.get('visual.fc1.weight')!;
    const mean = fc.reduce((s, v) => s + v, 0) / fc.length;
    const std = Math.sqrt(fc.reduce((s, v) => s + (v - mean) ** 2, 0) / fc.length);
    expect(Math.abs(mean)).toBeLessThan(1e-3);
    expect(std).toBeCloseTo(Math.sqrt(2 / (3 * 3 * 64)), 3);
    const gru = weights.get('fusion.gru.0.weight_hh')!;
    const bound = 1 / Math.sqrt(128);
    expect(Math.max(...gru.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...gru.map(Math.abs))).toBeGreaterThan(0.99 * bound);
    expect(weights.get('fusion.gru.1.bias_ih')!.every((v) => v === 0)).toBe(true);
    expect(weights.get('head.bias')!.every((v) => v === 0)).toBe(true);
  });
});
