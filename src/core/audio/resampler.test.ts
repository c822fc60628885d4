import { describe, expect, it } from 'vitest';
import { AffectscopeError } from '../errors';
import { gaussian, seededRandom } from '../testing/seeded-random';
import { StreamingResampler } from './resampler';

function tone(frequencyHz: number, rateHz: number, length: number): Float32Array {
  return Float32Array.from({ length }, (_, i) => Math.sin((2 * Math.PI * frequencyHz * i) / rateHz));
}

function pushChunked(resampler: StreamingResampler, signal: Float32Array, random: () => number, maxChunk: number): Float32Array {
  const parts: number[] = [];
  for (let i = 0; i < signal.length;) {
    const size = Math.floor(random() * (maxChunk + 1));
    parts.push(...resampler.push(signal.subarray(i, i + size)));
    i += size;
  }
  return Float32Array.from(parts);
}

function rms(x: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i] * x[i];
  return Math.sqrt(s / (to - from));
}

/** Largest |y[n] − want[n]| from sample `from` to the end of y (the filter's start-up transient skipped). */
function maxErrorFrom(y: ArrayLike<number>, want: ArrayLike<number>, from: number): number {
  let worst = 0;
  for (let n = from; n < y.length; n++) worst = Math.max(worst, Math.abs(y[n] - want[n]));
  return worst;
}

describe('StreamingResampler', () => {
  it('is the identity (a copy) when rates are equal', () => {
    const r = new StreamingResampler(16000, 16000);
    const x = tone(440, 16000, 100);
    const y = r.push(x);
    expect(y).toEqual(x);
    expect(y).not.toBe(x);
  });

  for (const [inRate, outRate] of [[48000, 16000], [44100, 16000], [16000, 48000], [48000, 44100], [44100, 15999]]) {
    it(`${inRate} → ${outRate} Hz is chunk-invariant`, () => {
      const random = seededRandom(inRate + outRate);
      const x = Float32Array.from({ length: 9000 }, () => 0.3 * gaussian(random));
      const whole = new StreamingResampler(inRate, outRate).push(x);
      for (const maxChunk of [1, 128, 2000]) {
        expect(pushChunked(new StreamingResampler(inRate, outRate), x, random, maxChunk)).toEqual(whole);
      }
      // output n sits at input time n·in/out and is out once floor(n·in/out) + latency < x.length
      const r = new StreamingResampler(inRate, outRate);
      const expected = Math.ceil(((x.length - r.latencyInputSamples) * outRate) / inRate);
      expect(whole.length).toBe(expected);
    });
  }

  it('48 kHz → 16 kHz keeps a 1 kHz tone and aligns it in time', () => {
    const y = new StreamingResampler(48000, 16000).push(tone(1000, 48000, 48000));
    const want = tone(1000, 16000, y.length);
    expect(maxErrorFrom(y, want, 100)).toBeLessThan(1e-3);
  });

  it('48 kHz → 16 kHz passes 6 kHz and rejects 12 kHz (which would alias to 4 kHz) by > 60 dB', () => {
    const pass = new StreamingResampler(48000, 16000).push(tone(6000, 48000, 48000));
    expect(rms(pass, 200, pass.length)).toBeCloseTo(Math.SQRT1_2, 2);
    const stop = new StreamingResampler(48000, 16000).push(tone(12000, 48000, 48000));
    expect(20 * Math.log10(rms(stop, 200, stop.length) / Math.SQRT1_2)).toBeLessThan(-60);
  });

  it('16 kHz → 48 kHz interpolates a 1 kHz tone', () => {
    const y = new StreamingResampler(16000, 48000).push(tone(1000, 16000, 16000));
    const want = tone(1000, 48000, y.length);
    expect(maxErrorFrom(y, want, 300)).toBeLessThan(1e-3);
  });

  it('restarts from time 0 after reset', () => {
    const x = tone(700, 48000, 3000);
    const r = new StreamingResampler(48000, 16000);
    const first = r.push(x);
    r.push(x);
    r.reset();
    expect(r.push(x)).toEqual(first);
  });

  it('rejects non-integer or non-positive rates and bad options', () => {
    expect(() => new StreamingResampler(0, 16000)).toThrow(AffectscopeError);
    expect(() => new StreamingResampler(44100.5, 16000)).toThrow(/inputRateHz/);
    expect(() => new StreamingResampler(48000, 16000, { cutoffRatio: 1.5 })).toThrow(/cutoffRatio/);
    expect(() => new StreamingResampler(48000, 16000, { zeroCrossings: 0 })).toThrow(/zeroCrossings/);
  });
});
