import { AffectscopeError } from '../errors';
import { validateSpectrogramOptions, windowLengthSamples, hopLengthSamples, type SpectrogramOptions } from './options';
import { spectrogram } from './spectrogram';

/**
 * A whole clip's spectrogram with the time each frame becomes available (the end of its window),
 * for offline analysis (video files, evaluation, training data): the audio input at video time t
 * is then what the live page would hold at t.
 */
export interface ClipSpectrogram {
  /** frames oldest first, each Float32Array(freqBins) ∈ [-1, 1] */
  frames: Float32Array[];
  /** end of frame i's analysis window, ms from the clip start: (i · hop + window) / rate */
  frameEndMs: Float64Array;
  freqBins: number;
}

/** Spectrogram of mono `signal` (already at options.sampleRateHz) with each frame's end time. */
export function clipSpectrogram(signal: Float32Array, options: Partial<SpectrogramOptions> = {}): ClipSpectrogram {
  const checked = validateSpectrogramOptions(options);
  const frames = spectrogram(signal, checked);
  const frameEndMs = new Float64Array(frames.length);
  for (let i = 0; i < frames.length; i++) frameEndMs[i] = spectrogramFrameEndMs(i, checked);
  return { frames, frameEndMs, freqBins: checked.freqBins };
}

/** End of spectrogram frame i's analysis window, ms from the signal's start: (i · hop + window) / rate. */
export function spectrogramFrameEndMs(frameIndex: number, options: SpectrogramOptions): number {
  return ((frameIndex * hopLengthSamples(options) + windowLengthSamples(options)) * 1000) / options.sampleRateHz;
}

/** Number of frames whose window has ended at or before timeMs (binary search). */
export function framesAvailableAt(clip: ClipSpectrogram, timeMs: number): number {
  let lo = 0;
  let hi = clip.frameEndMs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (clip.frameEndMs[mid] <= timeMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The model's audio input at time timeMs: the last `contextFrames` frames available then, oldest first,
 * −1-padded at the start (as SpectrogramContext.window() in the live page). [contextFrames · freqBins].
 */
export function contextWindowAt(clip: ClipSpectrogram, timeMs: number, contextFrames: number): Float32Array {
  if (!(Number.isInteger(contextFrames) && contextFrames >= 1)) {
    throw new AffectscopeError('invalid-options', `expected contextFrames a positive integer, got ${contextFrames}`);
  }
  const out = new Float32Array(contextFrames * clip.freqBins).fill(-1);
  const available = framesAvailableAt(clip, timeMs);
  const count = Math.min(available, contextFrames);
  const firstRow = contextFrames - count;
  for (let r = 0; r < count; r++) out.set(clip.frames[available - count + r], (firstRow + r) * clip.freqBins);
  return out;
}
