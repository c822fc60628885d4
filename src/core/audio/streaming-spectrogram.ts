import { createFrameAnalyzer, type FrameAnalyzer } from './spectrogram';
import type { SpectrogramOptions } from './options';

/**
 * Spectrogram of a signal that arrives in chunks of any size. The frames equal those of
 * `spectrogram()` on the concatenated input, however it was chunked.
 */
export class StreamingSpectrogram {
  readonly options: SpectrogramOptions;
  private readonly analyzer: FrameAnalyzer;
  /** samples from the start of the next frame onwards */
  private pending: Float32Array;
  private pendingLength = 0;

  constructor(options: Partial<SpectrogramOptions> = {}) {
    this.analyzer = createFrameAnalyzer(options);
    this.options = this.analyzer.options;
    this.pending = new Float32Array(this.analyzer.windowLength * 2);
  }

  /** Appends mono samples; returns the frames completed by them (possibly none), oldest first. */
  push(samples: Float32Array): Float32Array[] {
    this.ensureCapacity(this.pendingLength + samples.length);
    this.pending.set(samples, this.pendingLength);
    this.pendingLength += samples.length;
    const { windowLength, hopLength } = this.analyzer;
    const frames: Float32Array[] = [];
    let start = 0;
    for (; start + windowLength <= this.pendingLength; start += hopLength) {
      frames.push(this.analyzer.analyze(this.pending, start));
    }
    // validated options give hop ≤ window, so the next frame's start is already buffered
    this.pending.copyWithin(0, start, this.pendingLength);
    this.pendingLength -= start;
    return frames;
  }

  /** Forgets buffered samples; the next push starts a new signal at time 0. */
  reset(): void {
    this.pendingLength = 0;
  }

  private ensureCapacity(length: number): void {
    if (length <= this.pending.length) return;
    const grown = new Float32Array(Math.max(length, this.pending.length * 2));
    grown.set(this.pending.subarray(0, this.pendingLength));
    this.pending = grown;
  }
}
