import { AffectscopeError } from '../errors';

export interface ResamplerOptions {
  /** sinc zero crossings on each side of the kernel centre (longer = sharper, more latency) */
  zeroCrossings: number;
  /** low-pass cutoff as a fraction of the lower of the two Nyquist rates */
  cutoffRatio: number;
}

export const DEFAULT_RESAMPLER_OPTIONS: Readonly<ResamplerOptions> = Object.freeze({ zeroCrossings: 16, cutoffRatio: 0.9 });

export function validateResamplerOptions(options: Partial<ResamplerOptions> = {}): ResamplerOptions {
  const merged = { ...DEFAULT_RESAMPLER_OPTIONS, ...options };
  if (!(Number.isInteger(merged.zeroCrossings) && merged.zeroCrossings >= 1)) {
    throw new AffectscopeError('invalid-options', `expected zeroCrossings a positive integer, got ${merged.zeroCrossings}`);
  }
  if (!(merged.cutoffRatio > 0 && merged.cutoffRatio <= 1)) {
    throw new AffectscopeError('invalid-options', `expected 0 < cutoffRatio ≤ 1, got ${merged.cutoffRatio}`);
  }
  return { zeroCrossings: merged.zeroCrossings, cutoffRatio: merged.cutoffRatio };
}

const MAX_TABLE_PHASES = 1024;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * Streaming band-limited resampler (Blackman-windowed sinc, cut off at cutoffRatio × the lower
 * Nyquist rate, so 48 kHz → 16 kHz is low-passed at 7.2 kHz before decimation).
 * Output sample n is the input interpolated at input time n·inputRate/outputRate (samples
 * before the first are zeros); it is emitted once the kernel's right half has arrived, a
 * latency of `latencyInputSamples`. Chunk-invariant: any chunking gives the same output.
 * Rates equal → a copy of the input.
 */
export class StreamingResampler {
  readonly inputRateHz: number;
  readonly outputRateHz: number;
  /** input samples the kernel reaches ahead of the output time */
  readonly latencyInputSamples: number;
  private readonly up: number; // L: output steps per period
  private readonly down: number; // M: input steps per period
  private readonly cutoff: number; // cycles per input sample
  private readonly halfWidth: number; // H, input samples
  private readonly table: Float64Array | null; // L × 2H normalised taps, when L is small
  private readonly scratch: Float64Array;
  private buffer = new Float32Array(0);
  private bufferStart = 0; // absolute input index of buffer[0]
  private bufferLength = 0;
  private base = 0; // floor(t_n)
  private phase = 0; // (t_n − base)·L

  constructor(inputRateHz: number, outputRateHz: number, options: Partial<ResamplerOptions> = {}) {
    for (const [name, rate] of [['inputRateHz', inputRateHz], ['outputRateHz', outputRateHz]] as const) {
      if (!(Number.isInteger(rate) && rate > 0)) throw new AffectscopeError('invalid-options', `expected ${name} a positive integer, got ${rate}`);
    }
    const { zeroCrossings, cutoffRatio } = validateResamplerOptions(options);
    this.inputRateHz = inputRateHz;
    this.outputRateHz = outputRateHz;
    const g = gcd(inputRateHz, outputRateHz);
    this.up = outputRateHz / g;
    this.down = inputRateHz / g;
    this.cutoff = 0.5 * Math.min(1, outputRateHz / inputRateHz) * cutoffRatio;
    this.halfWidth = Math.ceil(zeroCrossings / (2 * this.cutoff));
    this.latencyInputSamples = inputRateHz === outputRateHz ? 0 : this.halfWidth;
    this.scratch = new Float64Array(2 * this.halfWidth);
    this.table = this.up <= MAX_TABLE_PHASES ? this.buildTable() : null;
    this.reset();
  }

  /** Appends input samples; returns the output samples that became computable. */
  push(samples: Float32Array): Float32Array {
    if (this.inputRateHz === this.outputRateHz) return samples.slice();
    this.append(samples);
    const H = this.halfWidth, taps = 2 * H;
    const lastIndex = this.bufferStart + this.bufferLength - 1;
    const outputs: number[] = [];
    while (this.base + H <= lastIndex) {
      const kernel = this.table ? this.table.subarray(this.phase * taps, (this.phase + 1) * taps) : this.kernel(this.phase, this.scratch);
      // taps cover input k = base − H + 1 … base + H
      const offset = this.base - H + 1 - this.bufferStart;
      let sum = 0;
      for (let j = 0; j < taps; j++) sum += kernel[j] * this.buffer[offset + j];
      outputs.push(sum);
      this.phase += this.down;
      while (this.phase >= this.up) { this.phase -= this.up; this.base++; }
    }
    this.discardBefore(this.base - H + 1);
    return Float32Array.from(outputs);
  }

  /** Starts a new signal: history becomes zeros and output time returns to 0. */
  reset(): void {
    const H = this.halfWidth;
    this.buffer = new Float32Array(Math.max(4 * H, 1024));
    this.bufferStart = -H; // H zeros before the first input sample
    this.bufferLength = H;
    this.base = 0;
    this.phase = 0;
  }

  /** Normalised taps for output phase p/L: h(d) at d = base + p/L − k, k = base − H + 1 … base + H. */
  private kernel(phase: number, out: Float64Array): Float64Array {
    const H = this.halfWidth, fc = this.cutoff;
    let total = 0;
    for (let j = 0; j < 2 * H; j++) {
      const d = H - 1 - j + phase / this.up; // ∈ (−H, H)
      const x = 2 * fc * d;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const r = d / H; // Blackman window over [−1, 1]
      const blackman = Math.abs(r) >= 1 ? 0 : 0.42 + 0.5 * Math.cos(Math.PI * r) + 0.08 * Math.cos(2 * Math.PI * r);
      out[j] = 2 * fc * sinc * blackman;
      total += out[j];
    }
    for (let j = 0; j < 2 * H; j++) out[j] /= total; // unit DC gain for every phase
    return out;
  }

  private buildTable(): Float64Array {
    const taps = 2 * this.halfWidth;
    const table = new Float64Array(this.up * taps);
    for (let p = 0; p < this.up; p++) table.set(this.kernel(p, this.scratch), p * taps);
    return table;
  }

  private append(samples: Float32Array): void {
    const needed = this.bufferLength + samples.length;
    if (needed > this.buffer.length) {
      const grown = new Float32Array(Math.max(needed, this.buffer.length * 2));
      grown.set(this.buffer.subarray(0, this.bufferLength));
      this.buffer = grown;
    }
    this.buffer.set(samples, this.bufferLength);
    this.bufferLength += samples.length;
  }

  private discardBefore(absoluteIndex: number): void {
    const drop = Math.min(Math.max(0, absoluteIndex - this.bufferStart), this.bufferLength);
    if (drop === 0) return;
    this.buffer.copyWithin(0, drop, this.bufferLength);
    this.bufferLength -= drop;
    this.bufferStart += drop;
  }
}
