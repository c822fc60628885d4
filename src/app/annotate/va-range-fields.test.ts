import { describe, expect, it } from 'vitest';
import { parseVaRange } from './va-range-fields';

describe('parseVaRange', () => {
  it('is no range while off, whatever is typed', () => {
    expect(parseVaRange({ on: false, fromS: 'x', toS: '' })).toEqual({ range: null, error: null });
  });
  it('turns seconds into a range in ms', () => {
    expect(parseVaRange({ on: true, fromS: '1.5', toS: '3' })).toEqual({ range: { startMs: 1500, endMs: 3000 }, error: null });
  });
  it('says what is wrong with bounds that make no range', () => {
    expect(parseVaRange({ on: true, fromS: '3', toS: '1' }).error).toBe('expected 0 ≤ from < to (seconds), got 3 to 1');
    expect(parseVaRange({ on: true, fromS: '', toS: '1' }).error).toBe('expected 0 ≤ from < to (seconds), got ? to 1');
    expect(parseVaRange({ on: true, fromS: '-1', toS: '1' }).range).toBeNull();
  });
});
