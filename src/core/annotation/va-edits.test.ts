import { describe, expect, it } from 'vitest';
import type { VaSample, VaTrack } from '../session/types';
import { replaceVaRange } from './va-edits';
import { mergeVaTrack } from './va-sampler';

const at = (mediaTimeMs: number, valence: number): VaSample => ({ mediaTimeMs, valence, arousal: -valence });
/** 0, 100, …, 1000 ms, valence 0.1 */
const OLD: VaTrack = { kind: 'va', annotator: 'A', rateHz: 10, samples: Array.from({ length: 11 }, (_, k) => at(k * 100, 0.1)) };
const times = (t: VaTrack) => t.samples.map((s) => s.mediaTimeMs);

describe('replaceVaRange', () => {
  it('replaces the earlier samples over the stretch the new pass covers, keeps the rest', () => {
    const pass = [300, 400, 500].map((t) => at(t, 0.9));
    const merged = replaceVaRange(OLD, 'A', 10, pass, { startMs: 300, endMs: 500 });
    expect(times(merged)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    expect(merged.samples.map((s) => s.valence)).toEqual([0.1, 0.1, 0.1, 0.9, 0.9, 0.9, 0.1, 0.1, 0.1, 0.1, 0.1]);
    expect(OLD.samples[3].valence).toBe(0.1);
  });
  it('drops new samples outside the range (the pass ran on past its end)', () => {
    const pass = [250, 350, 450, 550, 650].map((t) => at(t, 0.9));
    const merged = replaceVaRange(OLD, 'A', 10, pass, { startMs: 300, endMs: 500 });
    expect(times(merged)).toEqual([0, 100, 200, 300, 350, 450, 500, 600, 700, 800, 900, 1000]);
    // 300 and 500 are old samples: the new pass covers [350, 450] of the range
    expect(merged.samples.filter((s) => s.valence === 0.9).map((s) => s.mediaTimeMs)).toEqual([350, 450]);
  });
  it('a pass stopped early replaces only what it rated', () => {
    const merged = replaceVaRange(OLD, 'A', 10, [at(300, 0.9), at(400, 0.9)], { startMs: 300, endMs: 800 });
    expect(merged.samples.map((s) => s.valence)).toEqual([0.1, 0.1, 0.1, 0.9, 0.9, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]);
  });
  it('a pass with nothing in the range changes nothing; no earlier track gives a new one', () => {
    expect(replaceVaRange(OLD, 'A', 25, [at(900, 0.9)], { startMs: 0, endMs: 500 })).toEqual(OLD);
    expect(replaceVaRange(undefined, 'B', 25, [at(100, 0.5)], { startMs: 0, endMs: 500 })).toEqual({ kind: 'va', annotator: 'B', rateHz: 25, samples: [at(100, 0.5)] });
    expect(() => replaceVaRange(OLD, 'A', 10, [], { startMs: 5, endMs: 1 })).toThrow(/expected startMs ≤ endMs/);
  });
  it('is what mergeVaTrack does over the new pass\'s own span', () => {
    const pass = [350, 450].map((t) => at(t, 0.7));
    expect(mergeVaTrack(OLD, 'A', 10, pass)).toEqual(replaceVaRange(OLD, 'A', 10, pass, { startMs: 350, endMs: 450 }));
  });
});
