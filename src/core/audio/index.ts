export {
  DEFAULT_SPECTROGRAM_OPTIONS,
  validateSpectrogramOptions,
  windowLengthSamples,
  hopLengthSamples,
  binsPerGroup,
  nextPowerOfTwo,
  type SpectrogramOptions,
} from './options';
export { hannWindow } from './hann';
export { fftInPlace } from './fft';
export { magnitudeSpectrum } from './magnitude';
export { poolBins } from './pool';
export { toUnitRange, type UnitRangeScaling } from './unit-range';
export { spectrogram, createFrameAnalyzer, type FrameAnalyzer } from './spectrogram';
export { StreamingSpectrogram } from './streaming-spectrogram';
export { StreamingResampler, DEFAULT_RESAMPLER_OPTIONS, validateResamplerOptions, type ResamplerOptions } from './resampler';
export { SpectrogramContext } from './context';
export { clipSpectrogram, contextWindowAt, framesAvailableAt, type ClipSpectrogram } from './clip-context';
export { resampleClip } from './resample-clip';
export { SOUND_ACTIVE_WITHIN_MS, type AudioSource } from './audio-source';
export { AudioFeatureStream, type AudioFeatureStreamOptions } from './feature-stream';
export { FileAudio } from './file-audio';
