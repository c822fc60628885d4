import { describe, expect, it } from 'vitest';
import { gaussian, seededRandom } from '../testing/seeded-random';
import { spectrogram } from './spectrogram';
import { StreamingSpectrogram } from './streaming-spectrogram';

function chunked(signal: Float32Array, random: () => number, maxChunk: number): Float32Array[] {
  const chunks: Float32Array[] = [];
  for (let i = 0; i < signal.length;) {
    const size = Math.floor(random() * (maxChunk + 1)); // includes empty chunks
    chunks.push(signal.subarray(i, i + size));
    i += size;
  }
  return chunks;
}

describe('StreamingSpectrogram', () => {
  const random = seededRandom(6);
  const signal = Float32Array.from({ length: 16000 }, (_, i) => 0.3 * Math.sin(i * 0.3) + 0.1 * gaussian(random));

  for (const maxChunk of [1, 37, 352, 528, 4000]) {
    it(`equals the offline spectrogram for random chunks up to ${maxChunk} samples`, () => {
      const offline = spectrogram(signal);
      const stream = new StreamingSpectrogram();
      const frames = chunked(signal, random, maxChunk).flatMap((c) => stream.push(c));
      expect(frames).toHaveLength(offline.length);
      frames.forEach((f, i) => expect(f).toEqual(offline[i]));
    });
  }

  it('also at 48 kHz with its derived FFT size', () => {
    const options = { sampleRateHz: 48000 };
    const offline = spectrogram(signal, options);
    const stream = new StreamingSpectrogram(options);
    const frames = chunked(signal, random, 1000).flatMap((c) => stream.push(c));
    expect(stream.options.fftSize).toBe(2048);
    expect(frames).toEqual(offline);
  });

  it('starts a new signal after reset', () => {
    const stream = new StreamingSpectrogram();
    stream.push(signal.subarray(0, 700));
    stream.reset();
    expect(stream.push(signal.subarray(0, 1000))).toEqual(spectrogram(signal.subarray(0, 1000)));
  });
});
