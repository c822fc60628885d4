import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/testing/seeded-random';
import { FrameTimeIndex } from './frame-time-index';

/** Frame k at k·1000/fps ms, rounded to the millisecond as WebM stores it. */
function webmTimes(fps: number, seconds: number): number[] {
  return Array.from({ length: fps * seconds }, (_, k) => Math.round((k * 1000) / fps));
}

const before = (times: number[], t: number) => times.filter((x) => x < t).length;

describe('FrameTimeIndex', () => {
  it('counts, first, last and the frames before any frame\'s own time exactly, for 30 and 25 fps with millisecond times', () => {
    for (const fps of [30, 25, 60]) {
      const times = webmTimes(fps, 120);
      const index = new FrameTimeIndex();
      for (const t of times) index.add(t);
      expect(index.span).toEqual({ count: times.length, firstMs: 0, lastMs: times.at(-1) });
      times.forEach((t, k) => expect(index.countBefore(t), `${fps} fps, frame ${k} at ${t} ms`).toBe(k));
    }
  });

  it('between frames: exact unless the time is within a quarter frame of one (then that frame is not counted)', () => {
    const times = webmTimes(30, 60);
    const index = new FrameTimeIndex();
    for (const t of times) index.add(t);
    const random = seededRandom(7);
    for (let i = 0; i < 2000; i++) {
      const t = random() * 61_000;
      const exact = before(times, t);
      const nearest = Math.min(...times.map((x) => Math.abs(x - t)));
      if (nearest > 0.3 * (1000 / 30)) expect(index.countBefore(t), `t = ${t}`).toBe(exact);
      else expect(Math.abs(index.countBefore(t) - exact), `t = ${t}`).toBeLessThanOrEqual(1);
    }
    expect([index.countBefore(-5), index.countBefore(0), index.countBefore(1e9)]).toEqual([0, 0, times.length]);
  });

  it('dropFrom keeps the frames before the time, and frames added again continue from there (a seek back)', () => {
    const times = webmTimes(30, 10);
    const index = new FrameTimeIndex();
    for (const t of times) index.add(t);
    index.dropFrom(times[100]); // 3,333 ms
    // the last kept frame's time is its second's even spacing: within the millisecond rounding
    expect(index.span).toMatchObject({ count: 100, firstMs: 0 });
    expect(Math.abs(index.lastMs! - times[99])).toBeLessThan(0.5);
    for (const t of times.slice(100)) index.add(t);
    expect(index.span).toEqual({ count: times.length, firstMs: 0, lastMs: times.at(-1) });
    times.forEach((t, k) => expect(index.countBefore(t)).toBe(k));
    index.dropFrom(5000); // a whole second's boundary: frame 150 is at 5,000 ms
    expect(index.span).toMatchObject({ count: 150, firstMs: 0 });
    expect(Math.abs(index.lastMs! - times[149])).toBeLessThan(0.5);
    index.dropFrom(0);
    expect(index.span).toEqual({ count: 0, firstMs: null, lastMs: null });
  });

  it('holds one entry per second of media, not per frame: an hour at 30 fps is 3,600 entries', () => {
    const index = new FrameTimeIndex();
    for (let k = 0; k < 30 * 3600; k++) index.add((k * 1000) / 30);
    const entries = (index as unknown as { counts: number[] }).counts.length;
    expect(entries).toBe(3600);
    expect(index.count).toBe(108_000);
    expect(index.countBefore(1_800_000)).toBe(54_000);
  });
});
