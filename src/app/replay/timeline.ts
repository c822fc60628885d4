/**
 * Replay timeline: which recorded frames belong to a media time. Pure; times are ms on the media
 * clock (FrameRecord.mediaTimeMs), frames sorted by mediaTimeMs as SessionRecord guarantees.
 */
import type { FrameRecord } from '../../core/session';
import type { AffectSample } from '../pipeline/history';

/** The span of the live page's time series; the circumplex trail is the last 4 s of it. */
export const REPLAY_HISTORY_MS = 30_000;
/** A frame further than this from the video's time is not shown: the model produced nothing there. */
export const DEFAULT_MAX_FRAME_GAP_MS = 500;

/** Index of the last frame with mediaTimeMs ≤ timeMs, or -1 when every frame is later. O(log n). */
export function lastFrameAtOrBefore(frames: readonly FrameRecord[], timeMs: number): number {
  let lo = 0;
  let hi = frames.length; // invariant: frames[< lo] ≤ timeMs < frames[≥ hi]
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (frames[mid].mediaTimeMs <= timeMs) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * Index of the frame nearest timeMs (ties: the earlier), or -1 when there are none or the nearest
 * is more than maxGapMs away.
 */
export function nearestFrameIndex(frames: readonly FrameRecord[], timeMs: number, maxGapMs = DEFAULT_MAX_FRAME_GAP_MS): number {
  const before = lastFrameAtOrBefore(frames, timeMs);
  const after = before + 1;
  const dBefore = before >= 0 ? timeMs - frames[before].mediaTimeMs : Infinity;
  const dAfter = after < frames.length ? frames[after].mediaTimeMs - timeMs : Infinity;
  const best = dBefore <= dAfter ? before : after;
  const distance = Math.min(dBefore, dAfter);
  return distance <= maxGapMs ? best : -1;
}

/**
 * The plots' history as the live page would have had it at frames[endIndex]: the frames of the
 * `spanMs` before it, up to and including it; no face → null valence/arousal (a gap, not a value).
 */
export function samplesUpTo(frames: readonly FrameRecord[], endIndex: number, spanMs = REPLAY_HISTORY_MS): AffectSample[] {
  if (endIndex < 0) return [];
  const newestMs = frames[endIndex].mediaTimeMs;
  let start = endIndex;
  while (start > 0 && frames[start - 1].mediaTimeMs >= newestMs - spanMs) start--;
  return frames.slice(start, endIndex + 1).map(toSample);
}

function toSample(frame: FrameRecord): AffectSample {
  const p = frame.faceFound ? frame.prediction : null;
  return { timestampMs: frame.mediaTimeMs, valence: p?.valence ?? null, arousal: p?.arousal ?? null };
}
