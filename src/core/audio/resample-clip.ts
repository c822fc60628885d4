import { StreamingResampler } from './resampler';

/** Input samples fed to the resampler per push: bounds the temporary arrays for a long soundtrack. */
const CHUNK_SAMPLES = 1 << 16;

/**
 * A whole signal at `inputRateHz` → at `outputRateHz`, with the live page's StreamingResampler (so a file's
 * soundtrack gets the same DSP as the microphone): output n is the input at time n / outputRateHz, for every n
 * with n · inputRateHz / outputRateHz < input length (floor(length · out / in) samples); the end is flushed with zeros.
 */
export function resampleClip(signal: Float32Array, inputRateHz: number, outputRateHz: number): Float32Array {
  const resampler = new StreamingResampler(inputRateHz, outputRateHz);
  const length = Math.floor((signal.length * outputRateHz) / inputRateHz);
  const out = new Float32Array(length);
  let written = 0;
  const take = (part: Float32Array) => {
    const n = Math.min(part.length, length - written);
    out.set(part.subarray(0, n), written);
    written += n;
  };
  for (let i = 0; i < signal.length; i += CHUNK_SAMPLES) take(resampler.push(signal.subarray(i, i + CHUNK_SAMPLES)));
  if (written < length) take(resampler.push(new Float32Array(resampler.latencyInputSamples + 1)));
  return out;
}
