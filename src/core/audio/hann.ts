import { AffectscopeError } from '../errors';

/**
 * Periodic Hann window of length n: w[k] = 0.5 − 0.5·cos(2πk/n), k = 0…n−1.
 * Periodic (not symmetric) to match scipy.signal.get_window('hann', n) and librosa, the
 * usual choice for spectral analysis with overlapping frames.
 */
export function hannWindow(n: number): Float64Array {
  if (!(Number.isInteger(n) && n >= 1)) throw new AffectscopeError('invalid-options', `expected window length ≥ 1, got ${n}`);
  const w = new Float64Array(n);
  for (let k = 0; k < n; k++) w[k] = 0.5 - 0.5 * Math.cos((2 * Math.PI * k) / n);
  return w;
}
