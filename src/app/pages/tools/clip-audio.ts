/**
 * A decoded clip → the model's audio inputs, as the live page builds them: resampled to the model's rate
 * with the live StreamingResampler (core resampleClip, as the page's video-file analysis), the core DSP's
 * clipSpectrogram, and the video times the model is stepped at.
 * Pure; shared by `npm run prepare-data -- audio` (bundled for Node) and `npm run evaluate` (in the page).
 */
import { clipSpectrogram, resampleClip, type ClipSpectrogram, type SpectrogramOptions } from '../../../core/audio';

/** The clip's spectrogram (frames with end times) at the rate `options` declare. */
export function clipFeatures(pcm: Float32Array, sampleRateHz: number, options: SpectrogramOptions): ClipSpectrogram {
  const atModelRate = sampleRateHz === options.sampleRateHz ? pcm : resampleClip(pcm, sampleRateHz, options.sampleRateHz);
  return clipSpectrogram(atModelRate, options);
}

/** Video times k/fps in ms, k = 0, 1, … while ≤ the clip's duration. */
export function videoTimesMs(durationMs: number, fps: number): number[] {
  const times: number[] = [];
  for (let k = 0; (k * 1000) / fps <= durationMs; k++) times.push((k * 1000) / fps);
  return times;
}
