import { describe, expect, it } from 'vitest';
import { AffectscopeError } from '../errors';
import { seededRandom } from '../testing/seeded-random';
import { fftInPlace } from './fft';
import { hannWindow } from './hann';
import fixture from './fixtures/dsp_fixture.json';

function naiveDft(re: number[], im: number[]): [number[], number[]] {
  const n = re.length;
  const outRe: number[] = [], outIm: number[] = [];
  for (let k = 0; k < n; k++) {
    let sr = 0, si = 0;
    for (let t = 0; t < n; t++) {
      const angle = (-2 * Math.PI * k * t) / n;
      sr += re[t] * Math.cos(angle) - im[t] * Math.sin(angle);
      si += re[t] * Math.sin(angle) + im[t] * Math.cos(angle);
    }
    outRe.push(sr); outIm.push(si);
  }
  return [outRe, outIm];
}

describe('fftInPlace', () => {
  it('matches a naive DFT on random complex input', () => {
    const random = seededRandom(5);
    for (const n of [1, 2, 4, 8, 64, 256]) {
      const re = Array.from({ length: n }, () => random() * 2 - 1);
      const im = Array.from({ length: n }, () => random() * 2 - 1);
      const [wantRe, wantIm] = naiveDft(re, im);
      const gotRe = Float64Array.from(re), gotIm = Float64Array.from(im);
      fftInPlace(gotRe, gotIm);
      for (let k = 0; k < n; k++) {
        expect(gotRe[k]).toBeCloseTo(wantRe[k], 9);
        expect(gotIm[k]).toBeCloseTo(wantIm[k], 9);
      }
    }
  });

  it('turns a unit impulse into all ones and a bin-3 cosine into two spikes', () => {
    const re = new Float64Array(16), im = new Float64Array(16);
    re[0] = 1;
    fftInPlace(re, im);
    for (let k = 0; k < 16; k++) { expect(re[k]).toBeCloseTo(1, 12); expect(im[k]).toBeCloseTo(0, 12); }
    const cos = Float64Array.from({ length: 16 }, (_, t) => Math.cos((2 * Math.PI * 3 * t) / 16));
    const zero = new Float64Array(16);
    fftInPlace(cos, zero);
    for (let k = 0; k < 16; k++) expect(cos[k]).toBeCloseTo(k === 3 || k === 13 ? 8 : 0, 10);
  });

  it('rejects non-power-of-2 or mismatched lengths', () => {
    expect(() => fftInPlace(new Float64Array(6), new Float64Array(6))).toThrow(AffectscopeError);
    expect(() => fftInPlace(new Float64Array(8), new Float64Array(4))).toThrow(/equal length/);
  });
});

describe('hannWindow', () => {
  it('is periodic, like scipy.signal.get_window("hann", n)', () => {
    const w = hannWindow(fixture.windowLength);
    fixture.window.forEach((v, i) => expect(w[i]).toBeCloseTo(v, 12));
    expect(w.reduce((s, v) => s + v, 0)).toBeCloseTo(fixture.windowSum, 9);
    expect(w[0]).toBe(0);
    expect(w[fixture.windowLength / 2]).toBe(1);
    hannWindow(4).forEach((v, i) => expect(v).toBeCloseTo([0, 0.5, 1, 0.5][i], 15));
    expect(() => hannWindow(0)).toThrow(AffectscopeError);
  });
});
