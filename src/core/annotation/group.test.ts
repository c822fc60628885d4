import { describe, expect, it } from 'vitest';
import type { AnnotationTrack, SessionRecord } from '../session/types';
import { sessionGroupAgreement } from './group';

const expression = (annotator: string, segments: Array<[number, number, number]>): AnnotationTrack => ({
  kind: 'expression',
  annotator,
  segments: segments.map(([startMs, endMs, label]) => ({ startMs, endMs, label })),
});
const va = (annotator: string, valence: number[]): AnnotationTrack => ({
  kind: 'va',
  annotator,
  rateHz: 10,
  samples: valence.map((v, i) => ({ mediaTimeMs: i * 100, valence: v, arousal: 0 })),
});

/** 500 ms at 10 fps: frames 0, 100, 200, 300, 400 ms; no model frames (the model is not part of the group). */
function session(annotations: AnnotationTrack[]): Pick<SessionRecord, 'durationMs' | 'frames' | 'annotations'> {
  return { durationMs: 500, frames: [], annotations };
}

describe('sessionGroupAgreement (hand-computed)', () => {
  it('expression, 3 annotators with missing labels: α = 5/7', () => {
    // A [4, 4, 4, 6, 6], B [4, 4, 6, 6, –], C [4, –, 4, 6, 6]
    // o_44 = 3 (frame 0: 6 ordered pairs × ½) + 2 (frame 1) + 1 (frame 2: (4,4) × 2 × ½); o_46 = o_64 = 1 (frame 2); o_66 = 3 + 2
    // n_4 = 7, n_6 = 6, n = 13 → α = 1 − 12·2 / (169 − 49 − 36) = 5/7
    const rows = sessionGroupAgreement(
      session([
        expression('A', [[0, 250, 4], [250, 500, 6]]),
        expression('B', [[0, 150, 4], [150, 350, 6]]),
        expression('C', [[0, 50, 4], [150, 250, 4], [250, 500, 6]]),
      ]),
      { frameRateHz: 10 },
    );
    expect(rows).toHaveLength(1);
    const row = rows[0];
    if (row.kind !== 'expression') throw new Error('expected an expression row');
    expect(row.raters.map((r) => (r.source === 'annotator' ? r.name : 'model'))).toEqual(['A', 'B', 'C']);
    expect(row.pairableFrames).toBe(5);
    expect(row.alpha.value).toBeCloseTo(5 / 7, 12);
  });

  it('VA: three identical ratings → α 1; arousal 0 everywhere → undefined; two annotators → no row', () => {
    const rows = sessionGroupAgreement(session([va('A', [0, 0.5, 1]), va('B', [0, 0.5, 1]), va('C', [0, 0.5, 1])]), { frameRateHz: 10 });
    const row = rows[0];
    if (row.kind !== 'va') throw new Error('expected a VA row');
    expect(row.pairableFrames).toBe(3);
    expect(row.valenceAlpha.value).toBeCloseTo(1, 12);
    expect(row.arousalAlpha).toMatchObject({ value: null, reason: expect.stringMatching(/same/) });
    expect(sessionGroupAgreement(session([va('A', [0, 1]), va('B', [0, 1])]))).toEqual([]);
    expect(() => sessionGroupAgreement(session([]), {}, 1)).toThrow(/minAnnotators/);
  });
});
