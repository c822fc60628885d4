import { AffectscopeError } from '../errors';
import { uniformFrameTimesMs } from './align';
import type { FileSessionSource, SessionRecord } from './types';

/** The frames of an analysed file: firstFrameTimeMs + k · 1000 / frameRateHz for k < frameCount, ms. */
export function sourceFrameTimesMs(source: FileSessionSource): number[] {
  if (!(Number.isInteger(source.frameCount) && source.frameCount >= 1)) {
    throw new AffectscopeError('invalid-options', `frameCount: expected an integer ≥ 1, got ${source.frameCount}`);
  }
  if (!(source.frameRateHz > 0 && Number.isFinite(source.frameRateHz))) {
    throw new AffectscopeError('invalid-options', `frameRateHz: expected a rate > 0, got ${source.frameRateHz}`);
  }
  const stepMs = 1000 / source.frameRateHz;
  return Array.from({ length: source.frameCount }, (_, k) => source.firstFrameTimeMs + k * stepMs);
}

/**
 * The session's video frame times, ms on the media clock, for the ABAW files: an analysed file's own
 * frames, or for a camera recording (which keeps no frame table) a uniform grid at `recordedFrameRateHz`.
 */
export function sessionVideoFrameTimesMs(session: SessionRecord, recordedFrameRateHz: number): number[] {
  if (session.source?.kind === 'file') return sourceFrameTimesMs(session.source);
  return uniformFrameTimesMs(session.durationMs, recordedFrameRateHz);
}

/**
 * A file's source description from the times of its video frames (ms, increasing): the count, the mean
 * rate between the first and the last frame (a one-frame file gets `fallbackRateHz`), the first time.
 */
export function fileSourceFromFrameTimes(fileName: string, frameTimesMs: ArrayLike<number>, fallbackRateHz = 30): FileSessionSource {
  const n = frameTimesMs.length;
  return fileSourceFromFrameSpan(fileName, n, frameTimesMs[0], frameTimesMs[n - 1], fallbackRateHz);
}

/** fileSourceFromFrameTimes from what it reads of the times: `frameCount` frames from `firstMs` to `lastMs`. */
export function fileSourceFromFrameSpan(fileName: string, frameCount: number, firstMs: number, lastMs: number, fallbackRateHz = 30): FileSessionSource {
  if (frameCount === 0) throw new AffectscopeError('invalid-options', 'frameTimesMs: expected at least 1 video frame time, got 0');
  const spanMs = lastMs - firstMs;
  const frameRateHz = frameCount > 1 && spanMs > 0 ? ((frameCount - 1) * 1000) / spanMs : fallbackRateHz;
  return { kind: 'file', fileName, frameCount, frameRateHz, firstFrameTimeMs: Math.max(0, firstMs) };
}
