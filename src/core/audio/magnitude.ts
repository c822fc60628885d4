import { AffectscopeError } from '../errors';
import { fftInPlace } from './fft';

/**
 * |rfft(frame · taper, fftSize)|, taper = the analysis window: frame and taper have the same length ≤ fftSize (zero-padded
 * at the end); returns fftSize/2 + 1 magnitudes, bin k at k·sampleRate/fftSize Hz.
 * `scratch` (two Float64Array(fftSize)) may be passed to avoid allocation per frame.
 */
export function magnitudeSpectrum(
  frame: ArrayLike<number>,
  taper: ArrayLike<number>,
  fftSize: number,
  scratch?: { re: Float64Array; im: Float64Array },
): Float32Array {
  if (frame.length !== taper.length) {
    throw new AffectscopeError('invalid-options', `expected frame and window of equal length, got ${frame.length} and ${taper.length}`);
  }
  if (frame.length > fftSize) throw new AffectscopeError('invalid-options', `expected frame length ≤ fftSize ${fftSize}, got ${frame.length}`);
  const re = scratch?.re ?? new Float64Array(fftSize);
  const im = scratch?.im ?? new Float64Array(fftSize);
  if (re.length !== fftSize || im.length !== fftSize) throw new AffectscopeError('invalid-options', `expected scratch of length ${fftSize}, got ${re.length}`);
  for (let i = 0; i < fftSize; i++) {
    re[i] = i < frame.length ? frame[i] * taper[i] : 0;
    im[i] = 0;
  }
  fftInPlace(re, im);
  const out = new Float32Array(fftSize / 2 + 1);
  for (let k = 0; k < out.length; k++) out[k] = Math.hypot(re[k], im[k]);
  return out;
}
