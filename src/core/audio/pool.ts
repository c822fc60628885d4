import { AffectscopeError } from '../errors';

/**
 * Means of `freqBins` groups of g = floor((magnitude.length − 1) / freqBins) adjacent bins,
 * starting at bin 0 (bins beyond freqBins·g, including Nyquist, are dropped).
 * With 513 magnitudes and 128 bins, output bin j covers FFT bins 4j…4j+3.
 */
export function poolBins(magnitude: ArrayLike<number>, freqBins: number): Float32Array {
  const group = Math.floor((magnitude.length - 1) / freqBins);
  if (!(Number.isInteger(freqBins) && freqBins >= 1 && group >= 1)) {
    throw new AffectscopeError('invalid-options', `expected 1 ≤ freqBins ≤ ${magnitude.length - 1}, got ${freqBins}`);
  }
  const out = new Float32Array(freqBins);
  for (let j = 0; j < freqBins; j++) {
    let sum = 0;
    for (let k = j * group; k < (j + 1) * group; k++) sum += magnitude[k];
    out[j] = sum / group;
  }
  return out;
}
