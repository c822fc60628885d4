import { describe, expect, it } from 'vitest';
import { validateSessionRecord } from '../session/validate';
import type { AnnotationTrack, VaSample, VaTrack } from '../session/types';
import { mergeVaTrack, validateVaSamplerOptions, VaSampler } from './va-sampler';

/** The track as the session store would accept it (validateSessionRecord throws otherwise). */
function expectStorable(track: AnnotationTrack): void {
  const session = { id: 's', name: '', createdAtIso: '2025-03-01T12:00:00.000Z', durationMs: 1000, media: { mimeType: 'video/webm', byteLength: 1 }, model: { id: 'm', name: '', trained: false }, frames: [], annotations: [track] };
  expect(validateSessionRecord(session, 'invalid-options').annotations[0]).toEqual(track);
}

describe('VaSampler', () => {
  it('takes one sample per 100 ms grid time at 10 Hz, with the cursor of the first step at or after it', () => {
    const sampler = new VaSampler({ rateHz: 10 });
    const steps: Array<[number, number]> = [[0, 0.0], [16, 0.1], [50, 0.2], [99, 0.3], [100, 0.4], [130, 0.5], [205, 0.6], [350, 0.7]];
    const taken = steps.map(([t, v]) => sampler.step({ valence: v, arousal: -v }, t));
    expect(taken.map((s) => s?.mediaTimeMs ?? null)).toEqual([0, null, null, null, 100, null, 200, 300]);
    expect(sampler.samples()).toEqual([
      { mediaTimeMs: 0, valence: 0, arousal: -0 },
      { mediaTimeMs: 100, valence: 0.4, arousal: -0.4 },
      { mediaTimeMs: 200, valence: 0.6, arousal: -0.6 },
      { mediaTimeMs: 300, valence: 0.7, arousal: -0.7 }, // 300 was passed by the step at 350; 200–300 is not filled twice
    ]);
  });
  it('ignores a clock that went back (seek) until it passes the newest sample; reset starts over', () => {
    const sampler = new VaSampler();
    sampler.step({ valence: 0, arousal: 0 }, 420);
    expect(sampler.step({ valence: 0, arousal: 0 }, 150)).toBeNull();
    expect(sampler.step({ valence: 0, arousal: 0 }, 480)).toBeNull();
    expect(sampler.step({ valence: 0, arousal: 0 }, 500)?.mediaTimeMs).toBe(500);
    sampler.reset();
    expect(sampler.samples()).toEqual([]);
  });
  it('keeps float seconds on the grid (0.1 × 3 s = 300.00000000000006 ms) and 30 Hz times exact to 1 µs', () => {
    const tenHz = new VaSampler();
    expect(tenHz.step({ valence: 0, arousal: 0 }, 0.1 * 3 * 1000)?.mediaTimeMs).toBe(300);
    const thirtyHz = new VaSampler({ rateHz: 30 });
    expect(thirtyHz.step({ valence: 0, arousal: 0 }, 100)?.mediaTimeMs).toBe(100);
    expect(thirtyHz.step({ valence: 0, arousal: 0 }, 134)?.mediaTimeMs).toBe(133.333);
  });
  it('clamps the cursor and skips non-finite times', () => {
    const sampler = new VaSampler();
    expect(sampler.step({ valence: 3, arousal: -2 }, 0)).toEqual({ mediaTimeMs: 0, valence: 1, arousal: -1 });
    expect(sampler.step({ valence: 0, arousal: 0 }, Number.NaN)).toBeNull();
  });
  it('validates the rate', () => {
    expect(validateVaSamplerOptions()).toEqual({ rateHz: 10 });
    expect(() => new VaSampler({ rateHz: 0 })).toThrow(/rateHz: expected a rate in \(0, 1000\] Hz, got 0/);
  });
});

describe('mergeVaTrack', () => {
  const at = (t: number, v: number): VaSample => ({ mediaTimeMs: t, valence: v, arousal: v });
  const previous: VaTrack = { kind: 'va', annotator: 'Ann', rateHz: 10, samples: [0, 100, 200, 300, 400, 500].map((t) => at(t, 0.1)) };

  it('replaces the earlier samples inside the re-rated span and keeps those outside it', () => {
    const merged = mergeVaTrack(previous, 'Ann', 20, [at(250, 0.9), at(350, 0.8)]);
    expect(merged.samples).toEqual([at(0, 0.1), at(100, 0.1), at(200, 0.1), at(250, 0.9), at(350, 0.8), at(400, 0.1), at(500, 0.1)]);
    expect(merged.rateHz).toBe(20);
    expectStorable(merged);
  });
  it('same grid: the re-rated times take the new values', () => {
    const merged = mergeVaTrack(previous, 'Ann', 10, [at(200, 0.9), at(300, 0.9)]);
    expect(merged.samples.map((s) => s.valence)).toEqual([0.1, 0.1, 0.9, 0.9, 0.1, 0.1]);
    expectStorable(merged);
  });
  it('starts a track, and leaves one unchanged when nothing was rated', () => {
    expect(mergeVaTrack(undefined, 'Bo', 10, [at(0, 0.5)])).toEqual({ kind: 'va', annotator: 'Bo', rateHz: 10, samples: [at(0, 0.5)] });
    expect(mergeVaTrack(previous, 'Ann', 20, [])).toEqual(previous);
  });
});
