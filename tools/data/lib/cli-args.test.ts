import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './cli-args.mjs';

describe('parseCliArgs', () => {
  it('reads positional arguments, --name value, --name=value and bare flags (a flag before a value takes it)', () => {
    expect(parseCliArgs(['faces', 'a.npz', '--out', 'x', 'b.npz', '--limit=5', '--verbose', '--last'])).toEqual({
      positional: ['faces', 'a.npz', 'b.npz'],
      options: { out: 'x', limit: '5', verbose: true, last: true },
    });
  });
});
