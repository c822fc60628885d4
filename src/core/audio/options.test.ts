import { describe, expect, it } from 'vitest';
import { AffectscopeError } from '../errors';
import {
  DEFAULT_SPECTROGRAM_OPTIONS,
  binsPerGroup,
  hopLengthSamples,
  validateSpectrogramOptions,
  windowLengthSamples,
} from './options';

describe('spectrogram options', () => {
  it('defaults to the paper: 33 ms window, 22 ms hop at 16 kHz → 528/352 samples, FFT 1024, 4 bins per group', () => {
    const o = validateSpectrogramOptions();
    expect(o).toEqual(DEFAULT_SPECTROGRAM_OPTIONS);
    expect(windowLengthSamples(o)).toBe(528);
    expect(hopLengthSamples(o)).toBe(352);
    expect(binsPerGroup(o)).toBe(4);
  });

  it('derives fftSize from the window when not given', () => {
    expect(validateSpectrogramOptions({ sampleRateHz: 48000 }).fftSize).toBe(2048); // 1584-sample window
    expect(validateSpectrogramOptions({ sampleRateHz: 44100 }).fftSize).toBe(2048); // 1455
    expect(validateSpectrogramOptions({ sampleRateHz: 8000 }).fftSize).toBe(512); // 264
    expect(validateSpectrogramOptions({ fftSize: 2048 }).fftSize).toBe(2048);
    expect(validateSpectrogramOptions({ fftSize: undefined }).fftSize).toBe(1024);
  });

  it('rejects contradictory options with "expected …, got …"', () => {
    const bad: Partial<typeof DEFAULT_SPECTROGRAM_OPTIONS>[] = [
      { sampleRateHz: 0 }, { windowMs: -1 }, { overlapMs: 33 }, { overlapMs: -1 }, { fftSize: 1000 },
      { fftSize: 512 }, { freqBins: 0 }, { freqBins: 513 }, { freqBins: 2.5 }, { minDb: 0, maxDb: 0 },
    ];
    for (const options of bad) {
      expect(() => validateSpectrogramOptions(options)).toThrow(AffectscopeError);
      expect(() => validateSpectrogramOptions(options)).toThrow(/^expected .*, got /);
    }
  });
});
