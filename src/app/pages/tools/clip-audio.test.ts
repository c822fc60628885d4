import { describe, expect, it } from 'vitest';
import { DEFAULT_SPECTROGRAM_OPTIONS, clipSpectrogram, resampleClip } from '../../../core/audio';
import { clipFeatures, videoTimesMs } from './clip-audio';

describe('videoTimesMs', () => {
  it('steps at k/fps while within the clip, starting at 0', () => {
    expect(videoTimesMs(100, 30)).toEqual([0, 1000 / 30, 2000 / 30, 100]);
    expect(videoTimesMs(0, 30)).toEqual([0]);
  });
});

describe('clipFeatures', () => {
  it('at the model rate is clipSpectrogram of the clip itself', () => {
    const pcm = Float32Array.from({ length: 4000 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / 16000));
    expect(clipFeatures(pcm, 16000, DEFAULT_SPECTROGRAM_OPTIONS)).toEqual(clipSpectrogram(pcm, DEFAULT_SPECTROGRAM_OPTIONS));
  });

  it("at another rate is clipSpectrogram of the live resampler's output (core resampleClip)", () => {
    const pcm48 = Float32Array.from({ length: 4800 }, (_, i) => Math.sin((2 * Math.PI * 1000 * i) / 48000));
    const expected = clipSpectrogram(resampleClip(pcm48, 48000, 16000), DEFAULT_SPECTROGRAM_OPTIONS);
    expect(clipFeatures(pcm48, 48000, DEFAULT_SPECTROGRAM_OPTIONS)).toEqual(expected);
    expect(expected.frames.length).toBe(Math.floor((1600 - 528) / 352) + 1);
  });
});
