import { describe, expect, it } from 'vitest';
import fixture from './fixtures/dsp_fixture.json';
import { hannWindow } from './hann';
import { magnitudeSpectrum } from './magnitude';
import { poolBins } from './pool';
import { spectrogram } from './spectrogram';
import { toUnitRange } from './unit-range';

const RATE = fixture.sampleRateHz;

/** The fixture's signals, regenerated from the same formulas (noise is stored). */
function signal(name: keyof typeof fixture.signals): Float32Array {
  const n = fixture.signalLength;
  const t = (i: number) => i / RATE;
  switch (name) {
    case 'sine1k': return Float32Array.from({ length: n }, (_, i) => Math.sin(2 * Math.PI * 1000 * t(i)));
    case 'mix440_3k':
      return Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin(2 * Math.PI * 440 * t(i)) + 0.25 * Math.sin(2 * Math.PI * 3000 * t(i)));
    case 'impulse': {
      const x = new Float32Array(n);
      x[fixture.windowLength / 2] = 1;
      return x;
    }
    case 'noise': return Float32Array.from(fixture.signals.noise.samples);
  }
}

const NAMES = Object.keys(fixture.signals) as (keyof typeof fixture.signals)[];

function expectClose(got: ArrayLike<number>, want: number[], relative: number): void {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i])));
  expect(worst).toBeLessThan(relative);
}

describe('spectrogram against numpy/scipy (test-support/make-dsp-fixture.py)', () => {
  const window = hannWindow(fixture.windowLength);

  for (const name of NAMES) {
    it(`${name}: magnitude spectra match numpy.fft.rfft`, () => {
      const x = signal(name);
      fixture.signals[name].magnitude.forEach((want, f) => {
        const start = f * fixture.hopLength;
        expectClose(magnitudeSpectrum(x.subarray(start, start + fixture.windowLength), window, fixture.fftSize), want, 1e-4);
      });
    });

    it(`${name}: [-1, 1] frames match`, () => {
      const frames = spectrogram(signal(name));
      if (name !== 'noise') expect(frames).toHaveLength(fixture.signals[name].frameCount);
      fixture.signals[name].unit.forEach((want, f) => expectClose(frames[f], want, 1e-4));
    });
  }
});

describe('spectrogram golden properties', () => {
  const window = hannWindow(528);
  const reference = window.reduce((s, v) => s + v, 0) / 2;

  it('puts a 1 kHz sine in FFT bin 64 (1000 Hz / (16000/1024)) at 0 dB, pooled bin 16', () => {
    const x = signal('sine1k');
    const magnitude = magnitudeSpectrum(x.subarray(0, 528), window, 1024);
    let peak = 0;
    magnitude.forEach((v, k) => { if (v > magnitude[peak]) peak = k; });
    expect(peak).toBe(64);
    expect(20 * Math.log10(magnitude[64] / reference)).toBeCloseTo(0, 3);
    const frame = spectrogram(x)[0];
    let pooledPeak = 0;
    frame.forEach((v, k) => { if (v > frame[pooledPeak]) pooledPeak = k; });
    expect(pooledPeak).toBe(16);
  });

  it('gives a flat magnitude for an impulse at the window centre', () => {
    const magnitude = magnitudeSpectrum(signal('impulse').subarray(0, 528), window, 1024);
    for (const v of magnitude) expect(v).toBeCloseTo(1, 6);
  });

  it('maps silence to -1, full scale to ~1, and never leaves [-1, 1]', () => {
    expect(spectrogram(new Float32Array(2000)).flatMap((f) => [...f]).every((v) => v === -1)).toBe(true);
    const scaled = toUnitRange([0, reference, reference * 1e-4, reference * 10], { referenceMagnitude: reference, minDb: -80, maxDb: 0 });
    expect(scaled[0]).toBe(-1);
    expect(scaled[1]).toBeCloseTo(1, 6);
    expect(scaled[2]).toBeCloseTo(-1, 6);
    expect(scaled[3]).toBe(1);
    // −40 dB is the middle of [−80, 0]
    expect(toUnitRange([reference / 100], { referenceMagnitude: reference, minDb: -80, maxDb: 0 })[0]).toBeCloseTo(0, 6);
    const loud = Float32Array.from({ length: 4000 }, (_, i) => 8 * Math.sin(i));
    for (const frame of spectrogram(loud)) for (const v of frame) { expect(v).toBeGreaterThanOrEqual(-1); expect(v).toBeLessThanOrEqual(1); }
  });

  it('yields no frame for a signal shorter than a window, and 1 + floor((n − 528)/352) otherwise', () => {
    expect(spectrogram(new Float32Array(527))).toHaveLength(0);
    expect(spectrogram(new Float32Array(528))).toHaveLength(1);
    expect(spectrogram(new Float32Array(528 + 352 * 3 + 351))).toHaveLength(4);
  });

  it('pools groups of adjacent bins by their mean', () => {
    expect([...poolBins([1, 3, 5, 7, 9, 100], 2)]).toEqual([2, 6]);
    expect(() => poolBins([1, 2], 4)).toThrow(/freqBins/);
  });
});
