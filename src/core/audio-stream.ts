/**
 * The audio half of the live and offline pipelines: PCM at whatever rate the device gives →
 * resampled to the rate the model declares → spectrogram frames (paper §3: 33 ms windows,
 * 11 ms overlap, scaled to [-1, 1]) → the context window the model consumes for each video frame.
 */
import {
  SpectrogramContext,
  StreamingResampler,
  StreamingSpectrogram,
  validateSpectrogramOptions,
  type SpectrogramOptions,
} from './audio';

export interface AudioFeatureStreamOptions {
  spectrogram: SpectrogramOptions;
  /** frames of spectrogram context handed to the model per video frame */
  contextFrames: number;
}

export class AudioFeatureStream {
  readonly spectrogramOptions: SpectrogramOptions;
  private resampler: StreamingResampler | null = null;
  private inputRateHz = 0;
  private readonly spectrogram: StreamingSpectrogram;
  private readonly context: SpectrogramContext;
  /** spectrogram frames produced since construction or reset */
  framesTotal = 0;
  latestFrame: Float32Array | null = null;

  constructor(options: AudioFeatureStreamOptions) {
    this.spectrogramOptions = validateSpectrogramOptions(options.spectrogram);
    this.spectrogram = new StreamingSpectrogram(this.spectrogramOptions);
    this.context = new SpectrogramContext(options.contextFrames, this.spectrogramOptions.freqBins);
  }

  /** Feeds mono PCM in [-1, 1] sampled at `sampleRateHz`; returns the number of new frames. */
  push(samples: Float32Array, sampleRateHz: number): number {
    if (sampleRateHz !== this.inputRateHz) {
      this.inputRateHz = sampleRateHz;
      this.resampler = new StreamingResampler(sampleRateHz, this.spectrogramOptions.sampleRateHz);
    }
    const resampled = this.resampler!.push(samples);
    const frames = this.spectrogram.push(resampled);
    for (const frame of frames) this.context.push(frame);
    this.framesTotal += frames.length;
    if (frames.length > 0) this.latestFrame = frames[frames.length - 1];
    return frames.length;
  }

  /** The most recent `contextFrames` frames, time-major, oldest first, silence-padded. */
  window(): Float32Array {
    return this.context.window();
  }

  reset(): void {
    this.spectrogram.reset();
    this.context.reset();
    this.resampler = null;
    this.inputRateHz = 0;
    this.latestFrame = null;
  }
}
