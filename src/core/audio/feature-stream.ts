/**
 * The audio half of the live pipeline: PCM at whatever rate the device gives → resampled to the rate the
 * model declares → spectrogram frames (paper §3: 33 ms windows, 11 ms overlap, scaled to [-1, 1]) → the
 * context window the model consumes for each video frame.
 */
import { SOUND_ACTIVE_WITHIN_MS, type AudioSource } from './audio-source';
import { SpectrogramContext } from './context';
import { validateSpectrogramOptions, type SpectrogramOptions } from './options';
import { StreamingResampler } from './resampler';
import { StreamingSpectrogram } from './streaming-spectrogram';

export interface AudioFeatureStreamOptions {
  spectrogram: SpectrogramOptions;
  /** frames of spectrogram context handed to the model per video frame */
  contextFrames: number;
}

export class AudioFeatureStream implements AudioSource {
  readonly spectrogramOptions: SpectrogramOptions;
  private resampler: StreamingResampler | null = null;
  private inputRateHz = 0;
  private readonly spectrogram: StreamingSpectrogram;
  private readonly context: SpectrogramContext;
  /** when the latest chunk arrived, on the caller's clock, ms */
  private lastChunkAtMs = -Infinity;
  /** spectrogram frames produced since construction */
  framesTotal = 0;
  latestFrame: Float32Array | null = null;

  constructor(options: AudioFeatureStreamOptions) {
    this.spectrogramOptions = validateSpectrogramOptions(options.spectrogram);
    this.spectrogram = new StreamingSpectrogram(this.spectrogramOptions);
    this.context = new SpectrogramContext(options.contextFrames, this.spectrogramOptions.freqBins);
  }

  /**
   * Feeds mono PCM in [-1, 1] sampled at `sampleRateHz`, which arrived at `arrivedAtMs` (any monotonic
   * clock, the one isActive is asked on); returns the number of new frames.
   */
  push(samples: Float32Array, sampleRateHz: number, arrivedAtMs: number): number {
    this.lastChunkAtMs = arrivedAtMs;
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

  /** Live audio is always at "now": the window is whatever arrived last. */
  seekTo(): void {}

  /** The most recent `contextFrames` frames, time-major, oldest first, silence-padded. */
  window(): Float32Array {
    return this.context.window();
  }

  isActive(nowMs: number): boolean {
    return nowMs - this.lastChunkAtMs < SOUND_ACTIVE_WITHIN_MS;
  }

  /** Forgets the audio heard so far (the context becomes silence); framesTotal keeps counting. */
  reset(): void {
    this.spectrogram.reset();
    this.context.reset();
    this.resampler = null;
    this.inputRateHz = 0;
    this.latestFrame = null;
  }
}
