import { AffectscopeError } from '../errors';

/**
 * In-place complex DFT, X[k] = Σ x[n]·e^(−2πi·kn/N), unnormalised; radix-2 iterative
 * (bit-reversal permutation, then butterflies). `re` and `im` have the same power-of-2 length.
 */
export function fftInPlace(re: Float64Array | Float32Array, im: Float64Array | Float32Array): void {
  const n = re.length;
  if (im.length !== n) throw new AffectscopeError('invalid-options', `expected re and im of equal length, got ${n} and ${im.length}`);
  if (n === 0 || (n & (n - 1)) !== 0) throw new AffectscopeError('invalid-options', `expected a power-of-2 length, got ${n}`);
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i]; re[i] = re[j]; re[j] = t;
      t = im[i]; im[i] = im[j]; im[j] = t;
    }
  }
  for (let size = 2; size <= n; size *= 2) {
    const half = size / 2;
    const step = (-2 * Math.PI) / size;
    for (let k = 0; k < half; k++) {
      const wr = Math.cos(step * k), wi = Math.sin(step * k);
      for (let start = 0; start < n; start += size) {
        const p = start + k, q = p + half;
        const xr = re[q] * wr - im[q] * wi;
        const xi = re[q] * wi + im[q] * wr;
        re[q] = re[p] - xr; im[q] = im[p] - xi;
        re[p] += xr; im[p] += xi;
      }
    }
  }
}
