import { AffectscopeError } from '../errors';

/**
 * Spectrogram settings. Defaults follow the paper (Kollias & Zafeiriou 2019, §3 audio
 * pre-processing): 33 ms windows with 11 ms overlap (hop 22 ms), intensities in [-1, 1].
 */
export interface SpectrogramOptions {
  /** rate of the signal given to the spectrogram, Hz */
  sampleRateHz: number;
  /** analysis window length, ms */
  windowMs: number;
  /** overlap of consecutive windows, ms (hop = windowMs − overlapMs) */
  overlapMs: number;
  /** FFT length, a power of 2 ≥ the window length in samples (default: the next one) */
  fftSize: number;
  /** output bins: means of groups of floor((fftSize/2)/freqBins) adjacent FFT bins from bin 0 */
  freqBins: number;
  /** dB (re a full-scale sine) mapped to −1; quieter is clamped */
  minDb: number;
  /** dB mapped to +1; louder is clamped */
  maxDb: number;
}

export const DEFAULT_SPECTROGRAM_OPTIONS: Readonly<SpectrogramOptions> = Object.freeze({
  sampleRateHz: 16000,
  windowMs: 33,
  overlapMs: 11,
  fftSize: 1024,
  freqBins: 128,
  minDb: -80,
  maxDb: 0,
});

/** Window length in samples: round(windowMs · sampleRateHz / 1000) (528 at 16 kHz). */
export function windowLengthSamples(options: Pick<SpectrogramOptions, 'windowMs' | 'sampleRateHz'>): number {
  return Math.round((options.windowMs * options.sampleRateHz) / 1000);
}

/** Hop in samples: round((windowMs − overlapMs) · sampleRateHz / 1000) (352 at 16 kHz). */
export function hopLengthSamples(options: Pick<SpectrogramOptions, 'windowMs' | 'overlapMs' | 'sampleRateHz'>): number {
  return Math.round(((options.windowMs - options.overlapMs) * options.sampleRateHz) / 1000);
}

/** FFT bins averaged into one output bin. */
export function binsPerGroup(options: Pick<SpectrogramOptions, 'fftSize' | 'freqBins'>): number {
  return Math.floor(options.fftSize / 2 / options.freqBins);
}

export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

function fail(what: string, got: unknown): never {
  throw new AffectscopeError('invalid-options', `expected ${what}, got ${String(got)}`);
}

/**
 * Complete, checked copy over the defaults. When fftSize is not given it is derived from the
 * window (next power of 2), so changing sampleRateHz alone stays consistent.
 */
export function validateSpectrogramOptions(options: Partial<SpectrogramOptions> = {}): SpectrogramOptions {
  const { fftSize: givenFft, ...rest } = options;
  const merged = { ...DEFAULT_SPECTROGRAM_OPTIONS, ...stripUndefined(rest) };
  const { sampleRateHz, windowMs, overlapMs, freqBins, minDb, maxDb } = merged;
  if (!(Number.isFinite(sampleRateHz) && sampleRateHz > 0)) fail('sampleRateHz > 0', sampleRateHz);
  if (!(Number.isFinite(windowMs) && windowMs > 0)) fail('windowMs > 0', windowMs);
  if (!(Number.isFinite(overlapMs) && overlapMs >= 0 && overlapMs < windowMs)) fail(`0 ≤ overlapMs < windowMs (${windowMs})`, overlapMs);
  const windowLength = windowLengthSamples(merged);
  if (windowLength < 2) fail('a window of at least 2 samples', `${windowLength} samples`);
  if (hopLengthSamples(merged) < 1) fail('a hop (windowMs − overlapMs) of at least 1 sample', `${hopLengthSamples(merged)} samples`);
  const fftSize = givenFft ?? nextPowerOfTwo(windowLength);
  if (!(Number.isInteger(fftSize) && fftSize >= 2 && (fftSize & (fftSize - 1)) === 0)) fail('fftSize a power of 2', fftSize);
  if (fftSize < windowLength) fail(`fftSize ≥ window length (${windowLength} samples)`, fftSize);
  if (!(Number.isInteger(freqBins) && freqBins >= 1 && freqBins <= fftSize / 2)) fail(`freqBins an integer in [1, fftSize/2 = ${fftSize / 2}]`, freqBins);
  if (!Number.isFinite(minDb) || !Number.isFinite(maxDb) || !(minDb < maxDb)) fail('finite minDb < maxDb', `${minDb}, ${maxDb}`);
  return { sampleRateHz, windowMs, overlapMs, fftSize, freqBins, minDb, maxDb };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
