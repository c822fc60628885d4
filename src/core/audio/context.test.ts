import { describe, expect, it } from 'vitest';
import { AffectscopeError } from '../errors';
import { SpectrogramContext } from './context';

const frame = (value: number) => Float32Array.from([value, value + 0.5]);

describe('SpectrogramContext', () => {
  it('pads with -1 before it is full, oldest first', () => {
    const ctx = new SpectrogramContext(3, 2);
    expect([...ctx.window()]).toEqual([-1, -1, -1, -1, -1, -1]);
    ctx.push(frame(0.1));
    expect([...ctx.window()]).toEqual([-1, -1, -1, -1, 0.1, 0.6].map(Math.fround));
    ctx.push(frame(0.2));
    expect([...ctx.window()]).toEqual([-1, -1, 0.1, 0.6, 0.2, 0.7].map(Math.fround));
  });

  it('keeps only the most recent frames once the ring wraps', () => {
    const ctx = new SpectrogramContext(3, 2);
    for (let i = 1; i <= 7; i++) ctx.push(frame(i));
    expect([...ctx.window()]).toEqual([5, 5.5, 6, 6.5, 7, 7.5]);
    expect(ctx.framesPushed).toBe(7);
  });

  it('copies frames, resets, and rejects wrong sizes', () => {
    const ctx = new SpectrogramContext(2, 2);
    const f = frame(1);
    ctx.push(f);
    f[0] = 99;
    expect([...ctx.window()]).toEqual([-1, -1, 1, 1.5]);
    ctx.reset();
    expect([...ctx.window()]).toEqual([-1, -1, -1, -1]);
    expect(() => ctx.push([1, 2, 3])).toThrow(/2 bins/);
    expect(() => new SpectrogramContext(0, 2)).toThrow(AffectscopeError);
    expect(() => new SpectrogramContext(2, 1.5)).toThrow(AffectscopeError);
  });
});
