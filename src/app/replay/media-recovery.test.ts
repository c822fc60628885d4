import { describe, expect, it } from 'vitest';
import { MAX_MEDIA_RECOVERIES, MEDIA_ERR_DECODE, mediaRecoveryDecision } from './media-recovery';

describe('mediaRecoveryDecision', () => {
  it('retries a first decode failure, wherever it happens', () => {
    expect(mediaRecoveryDecision(MEDIA_ERR_DECODE, 0, [])).toBe('retry');
    expect(mediaRecoveryDecision(MEDIA_ERR_DECODE, 3_600_000, [])).toBe('retry');
  });

  it('shows a network or format error at once: a new element reads the same unreadable bytes', () => {
    expect(mediaRecoveryDecision(2, 0, [])).toBe('give-up');
    expect(mediaRecoveryDecision(4, 0, [])).toBe('give-up');
  });

  it('gives up when the failure comes back at the same point, and retries one further on', () => {
    expect(mediaRecoveryDecision(MEDIA_ERR_DECODE, 400, [0])).toBe('give-up');
    expect(mediaRecoveryDecision(MEDIA_ERR_DECODE, 12_000, [0])).toBe('retry');
  });

  it('gives up after MAX_MEDIA_RECOVERIES new elements in one replay', () => {
    const earlier = Array.from({ length: MAX_MEDIA_RECOVERIES }, (_, i) => i * 10_000);
    expect(mediaRecoveryDecision(MEDIA_ERR_DECODE, 99_000, earlier)).toBe('give-up');
    expect(mediaRecoveryDecision(MEDIA_ERR_DECODE, 99_000, earlier.slice(1))).toBe('retry');
  });
});
