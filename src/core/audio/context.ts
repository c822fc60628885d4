import { AffectscopeError } from '../errors';

/**
 * The most recent `contextFrames` spectrogram frames, as the model's audio input:
 * window() is contextFrames × freqBins, time-major (row t = frame t), oldest first,
 * with −1 (silence after [-1, 1] scaling) in rows not yet filled.
 */
export class SpectrogramContext {
  readonly contextFrames: number;
  readonly freqBins: number;
  private readonly ring: Float32Array;
  /** frames pushed since construction or reset */
  private count = 0;

  constructor(contextFrames: number, freqBins: number) {
    if (!(Number.isInteger(contextFrames) && contextFrames >= 1)) {
      throw new AffectscopeError('invalid-options', `expected contextFrames a positive integer, got ${contextFrames}`);
    }
    if (!(Number.isInteger(freqBins) && freqBins >= 1)) {
      throw new AffectscopeError('invalid-options', `expected freqBins a positive integer, got ${freqBins}`);
    }
    this.contextFrames = contextFrames;
    this.freqBins = freqBins;
    this.ring = new Float32Array(contextFrames * freqBins);
  }

  /** Adds one frame of freqBins values (copied). */
  push(frame: ArrayLike<number>): void {
    if (frame.length !== this.freqBins) {
      throw new AffectscopeError('invalid-options', `expected a frame of ${this.freqBins} bins, got ${frame.length}`);
    }
    const slot = this.count % this.contextFrames;
    this.ring.set(frame, slot * this.freqBins);
    this.count++;
  }

  /** Frames pushed so far (not capped at contextFrames). */
  get framesPushed(): number {
    return this.count;
  }

  /** New Float32Array(contextFrames · freqBins), oldest first, −1-padded at the start. */
  window(): Float32Array {
    const out = new Float32Array(this.contextFrames * this.freqBins).fill(-1);
    const available = Math.min(this.count, this.contextFrames);
    const firstRow = this.contextFrames - available;
    for (let r = 0; r < available; r++) {
      const frameNumber = this.count - available + r;
      const slot = frameNumber % this.contextFrames;
      out.set(this.ring.subarray(slot * this.freqBins, (slot + 1) * this.freqBins), (firstRow + r) * this.freqBins);
    }
    return out;
  }

  reset(): void {
    this.count = 0;
  }
}
