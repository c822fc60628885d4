/**
 * What the replay does when its video element fails. Chromium's decoder has stopped a recorded H.264 WebM with
 * MediaError 3 (decode) under heavy load, at a point the same file later plays through (a first-time-user
 * walkthrough: 3 of 4 replays under load, 5 of 5 on a quieter machine; the whole e2e suite: about one run in three).
 * A new element gets a new decoder: the replay makes one and goes on from where the old one stopped. The failure can
 * come back at that point for either reason: the load again (the new decoder starts there, under the same load; CI has
 * met the real failure at 0:00, where every decoder starts; one e2e run met it twice in a row at one point), or a frame
 * no decoder reads. So a point gets up to three new elements, and a fourth failure there is shown: a new element costs
 * a second, an unreadable frame is shown after three.
 */

/** MediaError.MEDIA_ERR_DECODE */
export const MEDIA_ERR_DECODE = 3;
/** new elements one opened replay may make before it shows the error */
export const MAX_MEDIA_RECOVERIES = 5;
/** failures within this much media time of each other are at the same point, ms */
export const SAME_FAILURE_WITHIN_MS = 1000;
/** new elements made for failures at one point: the next failure there is shown */
export const MAX_RECOVERIES_AT_ONE_POINT = 3;

/** Where the new element goes on from. */
export interface MediaResume {
  timeMs: number;
  play: boolean;
  playbackRate: number;
}

/**
 * Whether a failed element is replaced (`retry`) or the error shown (`give-up`): only decode failures are retried,
 * at most MAX_MEDIA_RECOVERIES times in one replay and MAX_RECOVERIES_AT_ONE_POINT times at one point.
 * `earlierFailuresMs`: media times of the failures already retried in this replay.
 */
export function mediaRecoveryDecision(errorCode: number, atMs: number, earlierFailuresMs: readonly number[]): 'retry' | 'give-up' {
  if (errorCode !== MEDIA_ERR_DECODE) return 'give-up';
  if (earlierFailuresMs.length >= MAX_MEDIA_RECOVERIES) return 'give-up';
  const atThisPoint = earlierFailuresMs.filter((ms) => Math.abs(atMs - ms) < SAME_FAILURE_WITHIN_MS).length;
  return atThisPoint >= MAX_RECOVERIES_AT_ONE_POINT ? 'give-up' : 'retry';
}

/**
 * Where the element that replaces a failed one goes on from. A replacement can itself fail before it was told where
 * to go on (during its duration probe, when it is paused at 0 and the clock still shows the old frame): then the
 * resume it never got is carried over whole, or the replay would sit paused where the user had it playing.
 * `pending`: the resume not yet given to an element, with the element whose failure made it; `failed`: the element
 * failing now; `failedNow`: what that element and the clock say.
 */
export function resumeAfterFailure<E>(pending: (MediaResume & { failed: E }) | null, failed: E, failedNow: MediaResume): MediaResume {
  if (pending === null || pending.failed === failed) return failedNow;
  return { timeMs: pending.timeMs, play: pending.play, playbackRate: pending.playbackRate };
}

/**
 * Where the decoder was restarted, for the user: media times (already formatted) in order, a time met more than once
 * in a row said once with its count ("0:01 (3 times), 0:12"), as the same point is what a user can look at.
 */
export function describeRestartPoints(times: readonly string[]): string {
  const runs: { time: string; count: number }[] = [];
  for (const time of times) {
    const last = runs[runs.length - 1];
    if (last && last.time === time) last.count++;
    else runs.push({ time, count: 1 });
  }
  return runs.map(({ time, count }) => (count === 1 ? time : `${time} (${count === 2 ? 'twice' : `${count} times`})`)).join(', ');
}
