/** A media file's soundtrack decoded whole (Web Audio decodeAudioData), at the file's own sample rate. */
import { AffectscopeError } from '../core/errors';

export interface DecodedAudio {
  /** mono (the channels' mean), ∈ [-1, 1] */
  samples: Float32Array;
  sampleRateHz: number;
}

/** Rate to decode at when the file does not say: what the live page's microphone runs at here. */
const DEFAULT_DECODE_RATE_HZ = 48_000;

/**
 * Decodes the first audio track of `file`. `sampleRateHz` (the track's own rate, when known) is the rate the
 * browser decodes to, so no resampling happens here: the pipeline resamples with its own DSP, as it does the microphone.
 */
export async function decodeAudioFile(file: Blob, fileName: string, sampleRateHz = DEFAULT_DECODE_RATE_HZ): Promise<DecodedAudio> {
  const context = new OfflineAudioContext({ numberOfChannels: 1, length: 1, sampleRate: sampleRateHz });
  let buffer: AudioBuffer;
  try {
    buffer = await context.decodeAudioData(await file.arrayBuffer());
  } catch (cause) {
    throw new AffectscopeError('file-unsupported', `"${fileName}": its soundtrack cannot be decoded by this browser (${String(cause)}); analysing the video only.`, { cause });
  }
  const samples = new Float32Array(buffer.length);
  for (let c = 0; c < buffer.numberOfChannels; c++) {
    const channel = buffer.getChannelData(c);
    for (let i = 0; i < channel.length; i++) samples[i] += channel[i] / buffer.numberOfChannels;
  }
  return { samples, sampleRateHz: buffer.sampleRate };
}
