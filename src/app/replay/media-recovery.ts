/**
 * What the replay does when its video element fails. Chromium's decoder has stopped a recorded H.264 WebM with
 * MediaError 3 (decode) under heavy load, at a point the same file later plays through (a first-time-user
 * walkthrough: 3 of 4 replays under load, 5 of 5 on a quieter machine; the whole e2e suite: about one run in three).
 * A new element gets a new decoder: the replay makes one and goes on from where the old one stopped, unless the
 * failure comes back at the same point, which a new decoder does not fix.
 */

/** MediaError.MEDIA_ERR_DECODE */
export const MEDIA_ERR_DECODE = 3;
/** new elements one opened replay may make before it shows the error */
export const MAX_MEDIA_RECOVERIES = 3;
/** a failure within this much media time of the one before is the same failure: not retried again, ms */
export const SAME_FAILURE_WITHIN_MS = 1000;

/** Where the new element goes on from. */
export interface MediaResume {
  timeMs: number;
  play: boolean;
  playbackRate: number;
}

/**
 * Whether a failed element is replaced (`retry`) or the error shown (`give-up`): only decode failures are retried,
 * at most MAX_MEDIA_RECOVERIES times, and never twice at the same point. `earlierFailuresMs`: media times of the
 * failures already retried in this replay.
 */
export function mediaRecoveryDecision(errorCode: number, atMs: number, earlierFailuresMs: readonly number[]): 'retry' | 'give-up' {
  if (errorCode !== MEDIA_ERR_DECODE) return 'give-up';
  if (earlierFailuresMs.length >= MAX_MEDIA_RECOVERIES) return 'give-up';
  const last = earlierFailuresMs[earlierFailuresMs.length - 1];
  if (last !== undefined && Math.abs(atMs - last) < SAME_FAILURE_WITHIN_MS) return 'give-up';
  return 'retry';
}
