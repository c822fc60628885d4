import { describe, expect, it } from 'vitest';
import { formatBytes, formatDurationMs } from './format';

describe('library formatting', () => {
  it('shows durations as m:ss, rounded to the second', () => {
    expect(formatDurationMs(0)).toBe('0:00');
    expect(formatDurationMs(5_400)).toBe('0:05');
    expect(formatDurationMs(65_000)).toBe('1:05');
    expect(formatDurationMs(600_000)).toBe('10:00');
  });
  it('shows sizes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(25 * 1024 * 1024)).toBe('25 MB');
  });
});
