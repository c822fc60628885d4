import { describe, expect, it } from 'vitest';
import { MAX_MEDIA_RECOVERIES, MAX_RECOVERIES_AT_ONE_POINT, MEDIA_ERR_DECODE, mediaRecoveryDecision } from './media-recovery';

describe('mediaRecoveryDecision', () => {
  it('retries a first decode failure, wherever it happens', () => {
    expect(mediaRecoveryDecision(MEDIA_ERR_DECODE, 0, [])).toBe('retry');
    expect(mediaRecoveryDecision(MEDIA_ERR_DECODE, 3_600_000, [])).toBe('retry');
  });

  it('shows a network or format error at once: a new element reads the same unreadable bytes', () => {
    expect(mediaRecoveryDecision(2, 0, [])).toBe('give-up');
    expect(mediaRecoveryDecision(4, 0, [])).toBe('give-up');
  });

  it('retries a failure that comes back at the same point once more (a new decoder starts there, under the same load), then gives up', () => {
    expect(MAX_RECOVERIES_AT_ONE_POINT).toBe(2);
    expect(mediaRecoveryDecision(MEDIA_ERR_DECODE, 400, [0])).toBe('retry');
    expect(mediaRecoveryDecision(MEDIA_ERR_DECODE, 700, [0, 400])).toBe('give-up');
    // two failures at 0:00 and one at 0:12 are not three at one point
    expect(mediaRecoveryDecision(MEDIA_ERR_DECODE, 12_000, [0, 400])).toBe('retry');
    expect(mediaRecoveryDecision(MEDIA_ERR_DECODE, 12_300, [0, 400, 12_000])).toBe('retry');
  });

  it('gives up after MAX_MEDIA_RECOVERIES new elements in one replay', () => {
    const earlier = Array.from({ length: MAX_MEDIA_RECOVERIES }, (_, i) => i * 10_000);
    expect(mediaRecoveryDecision(MEDIA_ERR_DECODE, 99_000, earlier)).toBe('give-up');
    expect(mediaRecoveryDecision(MEDIA_ERR_DECODE, 99_000, earlier.slice(1))).toBe('retry');
  });
});
