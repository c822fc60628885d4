import { describe, expect, it } from 'vitest';
import { resampleClip } from './resample-clip';
import { StreamingResampler } from './resampler';

function sine(hz: number, rateHz: number, samples: number): Float32Array {
  return Float32Array.from({ length: samples }, (_, i) => Math.sin((2 * Math.PI * hz * i) / rateHz));
}

describe('resampleClip', () => {
  it('48 kHz → 16 kHz: floor(n/3) samples, a 440 Hz sine stays a 440 Hz sine away from the edges', () => {
    const out = resampleClip(sine(440, 48000, 48000 + 2), 48000, 16000);
    expect(out.length).toBe(16000);
    const expected = sine(440, 16000, 16000);
    let maxError = 0;
    for (let i = 100; i < 15900; i++) maxError = Math.max(maxError, Math.abs(out[i] - expected[i]));
    expect(maxError).toBeLessThan(1e-3);
  });

  it('equals the streaming resampler fed the same signal in 20 ms chunks (the live path)', () => {
    const signal = sine(300, 44100, 200_000).map((v, i) => v * Math.sin(i / 5000));
    const live = new StreamingResampler(44100, 16000);
    const parts: number[] = [];
    for (let i = 0; i < signal.length; i += 882) parts.push(...live.push(signal.subarray(i, i + 882)));
    const whole = resampleClip(signal, 44100, 16000);
    expect(whole.length).toBe(Math.floor((200_000 * 16000) / 44100));
    expect(Array.from(whole.subarray(0, parts.length))).toEqual(parts);
  });

  it('equal rates: a copy', () => {
    const signal = sine(100, 16000, 1000);
    expect(resampleClip(signal, 16000, 16000)).toEqual(signal);
  });
});
