import { describe, expect, it } from 'vitest';
import { SpectrogramContext } from './context';
import { clipSpectrogram, contextWindowAt, framesAvailableAt } from './clip-context';

function tone(seconds: number, rateHz = 16000): Float32Array {
  const signal = new Float32Array(Math.round(seconds * rateHz));
  for (let i = 0; i < signal.length; i++) signal[i] = 0.3 * Math.sin((2 * Math.PI * 440 * i) / rateHz) * (1 + Math.sin(i / 900));
  return signal;
}

describe('clip spectrogram contexts', () => {
  it('frame i ends at (i·hop + window)/rate: 33 ms, then every 22 ms at 16 kHz', () => {
    const clip = clipSpectrogram(tone(1));
    expect(clip.frameEndMs[0]).toBeCloseTo(33, 6);
    expect(clip.frameEndMs[1] - clip.frameEndMs[0]).toBeCloseTo(22, 6);
    expect(framesAvailableAt(clip, 32.9)).toBe(0);
    expect(framesAvailableAt(clip, 33)).toBe(1);
    expect(framesAvailableAt(clip, 1e9)).toBe(clip.frames.length);
  });

  it('the window at time t equals what a live SpectrogramContext holds after the frames ended by t', () => {
    const clip = clipSpectrogram(tone(2));
    const live = new SpectrogramContext(64, clip.freqBins);
    let pushed = 0;
    for (const timeMs of [0, 20, 100, 700, 1500, 1999]) {
      while (pushed < clip.frames.length && clip.frameEndMs[pushed] <= timeMs) live.push(clip.frames[pushed++]);
      expect(contextWindowAt(clip, timeMs, 64)).toEqual(live.window());
    }
  });

  it('before the first frame the window is silence (−1)', () => {
    const window = contextWindowAt(clipSpectrogram(tone(0.5)), 10, 8);
    expect(window.every((v) => v === -1)).toBe(true);
  });
});
