import { describe, expect, it } from 'vitest';
import { MAX_MEDIA_RECOVERIES, MAX_RECOVERIES_AT_ONE_POINT, MEDIA_ERR_DECODE, describeRestartPoints, mediaRecoveryDecision, resumeAfterFailure } from './media-recovery';

describe('mediaRecoveryDecision', () => {
  it('retries a first decode failure, wherever it happens', () => {
    expect(mediaRecoveryDecision(MEDIA_ERR_DECODE, 0, [])).toBe('retry');
    expect(mediaRecoveryDecision(MEDIA_ERR_DECODE, 3_600_000, [])).toBe('retry');
  });

  it('shows a network or format error at once: a new element reads the same unreadable bytes', () => {
    expect(mediaRecoveryDecision(2, 0, [])).toBe('give-up');
    expect(mediaRecoveryDecision(4, 0, [])).toBe('give-up');
  });

  it('retries a failure that comes back at the same point twice more (a new decoder starts there, under the same load), then gives up', () => {
    expect(MAX_RECOVERIES_AT_ONE_POINT).toBe(3);
    expect(mediaRecoveryDecision(MEDIA_ERR_DECODE, 400, [0])).toBe('retry');
    expect(mediaRecoveryDecision(MEDIA_ERR_DECODE, 500, [0, 400])).toBe('retry');
    expect(mediaRecoveryDecision(MEDIA_ERR_DECODE, 700, [0, 400, 500])).toBe('give-up');
    // three failures at 0:00 and one at 0:12 are not four at one point
    expect(mediaRecoveryDecision(MEDIA_ERR_DECODE, 12_000, [0, 400, 500])).toBe('retry');
  });

  it('gives up after MAX_MEDIA_RECOVERIES new elements in one replay', () => {
    const earlier = Array.from({ length: MAX_MEDIA_RECOVERIES }, (_, i) => i * 10_000);
    expect(mediaRecoveryDecision(MEDIA_ERR_DECODE, 99_000, earlier)).toBe('give-up');
    expect(mediaRecoveryDecision(MEDIA_ERR_DECODE, 99_000, earlier.slice(1))).toBe('retry');
  });
});

describe('resumeAfterFailure', () => {
  const old = 'old element';
  const replacement = 'replacement';
  const pending = { timeMs: 1509, play: true, playbackRate: 1.5, failed: old };
  // what a replacement says while it probes its duration: paused, the clock still at the old frame, rate 1
  const probing = { timeMs: 1509, play: false, playbackRate: 1 };

  it('goes on from where the element itself stopped when nothing is pending', () => {
    expect(resumeAfterFailure(null, replacement, probing)).toEqual(probing);
  });

  it('keeps playing, at the chosen speed, when the replacement fails before it was told to go on (the replay sat paused at 1.5 s)', () => {
    expect(resumeAfterFailure(pending, replacement, probing)).toEqual({ timeMs: 1509, play: true, playbackRate: 1.5 });
  });

  it('takes a second error event of the element that made the pending resume as that element\'s own', () => {
    expect(resumeAfterFailure(pending, old, probing)).toEqual(probing);
  });
});

describe('describeRestartPoints', () => {
  it('says a point met again in a row once, with its count, and keeps the order', () => {
    expect(describeRestartPoints(['0:01'])).toBe('0:01');
    expect(describeRestartPoints(['0:01', '0:01'])).toBe('0:01 (twice)');
    expect(describeRestartPoints(['0:00', '0:01', '0:01', '0:01', '0:12'])).toBe('0:00, 0:01 (3 times), 0:12');
  });
});
