import { describe, expect, it } from 'vitest';
import { sessionZipFileName } from './download';
import { formatReplayTime } from './ReplayControls';

describe('sessionZipFileName', () => {
  it('makes the typed name file-safe', () => {
    expect(sessionZipFileName({ name: 'Calm reading: take 2/3', id: 'x' })).toBe('Calm_reading_take_2_3.zip');
    expect(sessionZipFileName({ name: 'Émilie', id: 'x' })).toBe('Emilie.zip');
  });

  it('falls back to the id when nothing of the name survives', () => {
    expect(sessionZipFileName({ name: '   ', id: 'b1f0c7de-test' })).toBe('b1f0c7de-test.zip');
    expect(sessionZipFileName({ name: '../..', id: 'b1f0c7de-test' })).toBe('b1f0c7de-test.zip');
  });
});

describe('formatReplayTime', () => {
  it('m:ss.t, truncated to tenths', () => {
    expect(formatReplayTime(0)).toBe('0:00.0');
    expect(formatReplayTime(83_499)).toBe('1:23.4');
    expect(formatReplayTime(600_000)).toBe('10:00.0');
    expect(formatReplayTime(-5)).toBe('0:00.0');
  });
});
