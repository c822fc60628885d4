/**
 * The audio input for a video file: its whole soundtrack resampled to the model's rate with the live
 * page's resampler, as one clip spectrogram; the model's input for a frame at time t is the context
 * window the live page would hold at t (clip-context).
 */
import type { AudioSource } from './audio-source';
import { clipSpectrogram, contextWindowAt, framesAvailableAt, type ClipSpectrogram } from './clip-context';
import type { SpectrogramOptions } from './options';
import { resampleClip } from './resample-clip';

export class FileAudio implements AudioSource {
  private readonly clip: ClipSpectrogram | null;
  private timeMs = 0;

  /** `samples`: mono PCM at `sampleRateHz`, or null for a file without sound (the model then hears silence). */
  constructor(samples: Float32Array | null, sampleRateHz: number, private readonly options: SpectrogramOptions, private readonly contextFrames: number) {
    this.clip = samples ? clipSpectrogram(resampleClip(samples, sampleRateHz, options.sampleRateHz), options) : null;
  }

  get hasSound(): boolean {
    return this.clip !== null;
  }

  /** A file has sound whenever it has a soundtrack, whatever the clock says. */
  isActive(): boolean {
    return this.hasSound;
  }

  /** Media time of the frame about to be analysed, ms. */
  seekTo(timeMs: number): void {
    this.timeMs = timeMs;
  }

  /** contextFrames × freqBins, oldest first, −1-padded (silence) where nothing was heard yet. */
  window(): Float32Array {
    if (!this.clip) return new Float32Array(this.contextFrames * this.options.freqBins).fill(-1);
    return contextWindowAt(this.clip, this.timeMs, this.contextFrames);
  }

  /** spectrogram frames ended by the current time */
  get framesTotal(): number {
    return this.clip ? framesAvailableAt(this.clip, this.timeMs) : 0;
  }

  /** the newest of them, for display */
  get latestFrame(): Float32Array | null {
    const n = this.framesTotal;
    return this.clip && n > 0 ? this.clip.frames[n - 1] : null;
  }
}
