/**
 * The audio input for a video file, fed as the file is read: its soundtrack arrives in chunks (mono PCM at the
 * file's rate), ahead of the frames; it is resampled with the live page's resampler and turned into spectrogram
 * frames as it comes, and the model's input for a frame at time t is the context window the live page would hold at t.
 *
 * Only what a step can still need is kept: the `contextFrames` frames before the current time and those ahead of it
 * (as far as the feed leads), so an hour-long soundtrack needs no more memory than a minute's. Fed from the file's
 * start in chunks of any size, the windows equal those of the whole clip (clipSpectrogram + contextWindowAt on
 * resampleClip): the resampler and the spectrogram give the same samples and frames however the input is cut.
 *
 * A seek starts a new stretch (`restart`) at the media time its first sample has, a little before the seek point;
 * its frames are timed from there.
 */
import { AffectscopeError } from '../errors';
import type { AudioSource } from './audio-source';
import { hopLengthSamples, windowLengthSamples, type SpectrogramOptions } from './options';
import { spectrogramFrameEndMs } from './clip-context';
import { StreamingResampler } from './resampler';
import { StreamingSpectrogram } from './streaming-spectrogram';

interface Stretch {
  /** media time of the stretch's first input sample, ms */
  originMs: number;
  inputRateHz: number;
  resampler: StreamingResampler;
  spectrogram: StreamingSpectrogram;
  inputSamples: number;
  /** resampled samples passed to the spectrogram */
  outputSamples: number;
  /** frames kept, oldest first; frames[0] is the stretch's frame number `firstFrame` */
  frames: Float32Array[];
  firstFrame: number;
  /** frames made in this stretch */
  framesMade: number;
  /** the soundtrack has ended: no frame will come after the last */
  ended: boolean;
}

export class FileAudio implements AudioSource {
  private stretch: Stretch | null = null;
  private timeMs = 0;
  private readonly windowSamples: number;
  private readonly hopSamples: number;

  /** `hasSound` false: a file without a soundtrack (the model hears silence; nothing is fed). */
  constructor(private readonly options: SpectrogramOptions, private readonly contextFrames: number, readonly hasSound: boolean) {
    this.windowSamples = windowLengthSamples(options);
    this.hopSamples = hopLengthSamples(options);
  }

  /** Starts a stretch of the soundtrack whose first sample (of the next push) is at media time `originMs`. */
  restart(originMs: number, inputRateHz: number): void {
    if (!(inputRateHz > 0) || !Number.isFinite(originMs)) {
      throw new AffectscopeError('internal', `file audio: expected a rate > 0 and a finite start, got ${inputRateHz} Hz at ${originMs} ms`);
    }
    this.stretch = {
      originMs, inputRateHz, resampler: new StreamingResampler(inputRateHz, this.options.sampleRateHz), spectrogram: new StreamingSpectrogram(this.options),
      inputSamples: 0, outputSamples: 0, frames: [], firstFrame: 0, framesMade: 0, ended: false,
    };
  }

  /** Forgets the stretch (a seek): steps wait for the next one to start. */
  clear(): void {
    this.stretch = null;
  }

  /** The next mono samples of the stretch, at its rate. */
  push(samples: Float32Array): void {
    const s = this.requireStretch();
    if (s.ended) throw new AffectscopeError('internal', 'file audio: samples after the end');
    s.inputSamples += samples.length;
    this.addResampled(s, s.resampler.push(samples));
  }

  /** The stretch's last sample has come (the file's end): the resampler's tail is flushed, as resampleClip does. */
  end(): void {
    const s = this.requireStretch();
    if (s.ended) return;
    const length = Math.floor((s.inputSamples * this.options.sampleRateHz) / s.inputRateHz);
    const tail = s.resampler.push(new Float32Array(s.resampler.latencyInputSamples + 1));
    this.addResampled(s, tail.subarray(0, Math.max(0, length - s.outputSamples)));
    s.ended = true;
  }

  /** Whether every frame that ends by `timeMs` has come (a step at that time must wait for the feed otherwise). */
  readyAt(timeMs: number): boolean {
    if (!this.hasSound) return true;
    const s = this.stretch;
    return s !== null && (s.ended || this.frameEndMs(s, s.framesMade) > timeMs);
  }

  /** Media time of the frame about to be analysed, ms; frames no later step needs are let go. */
  seekTo(timeMs: number): void {
    this.timeMs = timeMs;
    const s = this.stretch;
    if (!s) return;
    const keepFrom = this.available(s, timeMs) - this.contextFrames;
    const drop = keepFrom - s.firstFrame;
    if (drop > 0) {
      s.frames.splice(0, drop);
      s.firstFrame += drop;
    }
  }

  /** A file has sound whenever it has a soundtrack, whatever the clock says. */
  isActive(): boolean {
    return this.hasSound;
  }

  /** contextFrames × freqBins, oldest first, −1-padded (silence) where nothing was heard yet. */
  window(): Float32Array {
    const { freqBins } = this.options;
    const out = new Float32Array(this.contextFrames * freqBins).fill(-1);
    const s = this.stretch;
    if (!s) return out;
    const available = this.available(s, this.timeMs);
    const count = Math.min(available - s.firstFrame, this.contextFrames);
    const firstRow = this.contextFrames - count;
    for (let r = 0; r < count; r++) out.set(s.frames[available - count + r - s.firstFrame], (firstRow + r) * freqBins);
    return out;
  }

  /** spectrogram frames of this stretch ended by the current time */
  get framesTotal(): number {
    return this.stretch ? this.available(this.stretch, this.timeMs) : 0;
  }

  /** the newest of them, for display */
  get latestFrame(): Float32Array | null {
    const s = this.stretch;
    if (!s) return null;
    const n = this.available(s, this.timeMs);
    return n > s.firstFrame ? s.frames[n - 1 - s.firstFrame] : null;
  }

  /** frames held now (the context before the current time and what the feed sent ahead) */
  get framesHeld(): number {
    return this.stretch?.frames.length ?? 0;
  }

  private requireStretch(): Stretch {
    if (!this.stretch) throw new AffectscopeError('internal', 'file audio: samples before a start');
    return this.stretch;
  }

  private addResampled(s: Stretch, resampled: Float32Array): void {
    s.outputSamples += resampled.length;
    for (const frame of s.spectrogram.push(resampled)) s.frames.push(frame);
    s.framesMade = s.firstFrame + s.frames.length;
  }

  /** end of the stretch's frame i, ms: (i · hop + window) / rate after its origin */
  private frameEndMs(s: Stretch, i: number): number {
    return s.originMs + spectrogramFrameEndMs(i, this.options);
  }

  /** frames of the stretch that end at or before `timeMs` (and have come) */
  private available(s: Stretch, timeMs: number): number {
    // frame i ends at or before t when i ≤ (t − origin) · rate / 1000 − window) / hop
    const samplesMs = ((timeMs - s.originMs) * this.options.sampleRateHz) / 1000;
    let n = Math.max(0, Math.floor((samplesMs - this.windowSamples) / this.hopSamples) + 1);
    // the division can be off by one ulp at a frame's exact end: settle it with the same formula as clipSpectrogram
    while (n > 0 && this.frameEndMs(s, n - 1) > timeMs) n--;
    while (this.frameEndMs(s, n) <= timeMs) n++;
    return Math.min(n, s.framesMade);
  }
}
