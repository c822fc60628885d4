/**
 * What file analysis feeds the pipeline besides frames: the file's soundtrack, decoded once and handed to the model
 * worker ('file-clip'), which then takes each crop's audio context from the soundtrack at the frame's time.
 */
import { errorMessage, isAffectscopeError } from '../../core/errors';
import { decodeAudioFile } from '../../io/audio-file';
import type { VideoFileInfo } from '../../io/video-file';
import type { ToModelWorker } from '../../workers/protocol';

export interface Soundtrack {
  /** the message that gives the model worker the soundtrack (samples null: the model hears silence) */
  clip: Extract<ToModelWorker, { type: 'file-clip' }>;
  /** 'decoded', 'none: …' (the file has none), or why it could not be used */
  status: string;
}

/** Decodes `file`'s soundtrack at its own rate; a file without one, or one that fails to decode, gives silence. */
export async function decodeSoundtrack(file: Blob, fileName: string, info: VideoFileInfo): Promise<Soundtrack> {
  const silence = (status: string): Soundtrack => ({ clip: { type: 'file-clip', samples: null, sampleRateHz: 16_000 }, status });
  if (info.audioSampleRateHz === null) return silence('none: the file has no soundtrack, the audio stream hears silence');
  try {
    const decoded = await decodeAudioFile(file, fileName, info.audioSampleRateHz);
    return { clip: { type: 'file-clip', samples: decoded.samples, sampleRateHz: decoded.sampleRateHz }, status: 'decoded' };
  } catch (error) {
    return silence(isAffectscopeError(error) ? error.message : `not decoded (${errorMessage(error)})`);
  }
}

/**
 * ms of analysis left from media time `timeMs` to the end of a file of `durationMs` at `frameRateHz`, at `resultsPerSecond`;
 * null before a speed is known.
 */
export function remainingAnalysisMs(durationMs: number, frameRateHz: number, timeMs: number, resultsPerSecond: number): number | null {
  if (resultsPerSecond <= 0) return null;
  return ((Math.max(0, durationMs - timeMs) / 1000) * frameRateHz * 1000) / resultsPerSecond;
}
