import { hannWindow } from './hann';
import { magnitudeSpectrum } from './magnitude';
import { hopLengthSamples, validateSpectrogramOptions, windowLengthSamples, type SpectrogramOptions } from './options';
import { poolBins } from './pool';
import { toUnitRange } from './unit-range';

/** Turns one window of samples into a [-1, 1] frame of freqBins values; shared by offline and streaming paths. */
export interface FrameAnalyzer {
  readonly options: SpectrogramOptions;
  readonly windowLength: number;
  readonly hopLength: number;
  /** frame from signal[offset … offset + windowLength) */
  analyze(signal: ArrayLike<number>, offset: number): Float32Array;
}

export function createFrameAnalyzer(options: Partial<SpectrogramOptions> = {}): FrameAnalyzer {
  const checked = validateSpectrogramOptions(options);
  const windowLength = windowLengthSamples(checked);
  const taper = hannWindow(windowLength);
  const scaling = { referenceMagnitude: taper.reduce((s, v) => s + v, 0) / 2, minDb: checked.minDb, maxDb: checked.maxDb };
  const scratch = { re: new Float64Array(checked.fftSize), im: new Float64Array(checked.fftSize) };
  const frame = new Float64Array(windowLength);
  return {
    options: checked,
    windowLength,
    hopLength: hopLengthSamples(checked),
    analyze(signal, offset) {
      for (let i = 0; i < windowLength; i++) frame[i] = signal[offset + i];
      const magnitude = magnitudeSpectrum(frame, taper, checked.fftSize, scratch);
      return toUnitRange(poolBins(magnitude, checked.freqBins), scaling);
    },
  };
}

/**
 * Offline spectrogram of mono `signal` at options.sampleRateHz: frames start at 0 and step by
 * the hop; only full windows. Returns frames (each Float32Array(freqBins) ∈ [-1, 1]), oldest first.
 */
export function spectrogram(signal: Float32Array, options: Partial<SpectrogramOptions> = {}): Float32Array[] {
  const analyzer = createFrameAnalyzer(options);
  const frames: Float32Array[] = [];
  for (let start = 0; start + analyzer.windowLength <= signal.length; start += analyzer.hopLength) {
    frames.push(analyzer.analyze(signal, start));
  }
  return frames;
}
