import { describe, expect, it } from 'vitest';
import type { FrameRecord, SessionRecord } from '../session/types';
import { auAgreement, expressionAgreement, sessionAgreement, vaAgreement, validateAgreementOptions } from './agreement';
import { addAuPresence } from './spans';

/** A model frame: valence, arousal, the argmax expression and P(AU12). */
function frame(mediaTimeMs: number, valence: number, arousal: number, expression: number, au12: number): FrameRecord {
  const expressionProbabilities = Array.from({ length: 7 }, (_, i) => (i === expression ? 0.4 : 0.1));
  const actionUnitProbabilities = Array.from({ length: 8 }, (_, i) => (i === 4 ? au12 : 0.2));
  return { mediaTimeMs, faceFound: true, prediction: { valence, arousal, expressionProbabilities, actionUnitProbabilities } };
}

/**
 * 500 ms at 10 fps → frames at 0, 100, 200, 300, 400 ms.
 * model:  valence [0.1, 0.2, 0.3, –, 0.9], arousal [0.5, 0.5, 0.5, –, −0.5], expression [4, 4, 0, –, 6], AU12 [1, 1, 1, –, 1]
 * A:      valence [0.2, 0.3, 0.4, –, –] (samples 0–200 ms), arousal [0, 0.5, 1, –, –]; expression [4, 4, 4, 6, 6]; AU12 [1, 1, 0, 1, 1], other AUs 0
 * B:      valence [0.1, –, –, –, 0.9], arousal [0.5, –, –, –, −0.5]
 */
function session(): Pick<SessionRecord, 'durationMs' | 'frames' | 'annotations'> {
  const au = addAuPresence(addAuPresence(undefined, 'A', 4, 0, 150), 'A', 4, 300, 500);
  return {
    durationMs: 500,
    frames: [frame(0, 0.1, 0.5, 4, 0.9), frame(100, 0.2, 0.5, 4, 0.9), frame(200, 0.3, 0.5, 0, 0.6), { mediaTimeMs: 300, faceFound: false, prediction: null }, frame(400, 0.9, -0.5, 6, 0.6)],
    annotations: [
      { kind: 'va', annotator: 'A', rateHz: 10, samples: [{ mediaTimeMs: 0, valence: 0.2, arousal: 0 }, { mediaTimeMs: 100, valence: 0.3, arousal: 0.5 }, { mediaTimeMs: 200, valence: 0.4, arousal: 1 }] },
      { kind: 'expression', annotator: 'A', segments: [{ startMs: 0, endMs: 250, label: 4 }, { startMs: 250, endMs: 500, label: 6 }] },
      au,
      { kind: 'va', annotator: 'B', rateHz: 2.5, samples: [{ mediaTimeMs: 0, valence: 0.1, arousal: 0.5 }, { mediaTimeMs: 400, valence: 0.9, arousal: -0.5 }] },
    ],
  };
}

describe('sessionAgreement (hand-computed)', () => {
  const rows = sessionAgreement(session(), { frameRateHz: 10 });
  const names = rows.map((r) => `${r.kind}: ${r.a.source === 'model' ? 'model' : r.a.name} – ${r.b.source === 'model' ? 'model' : r.b.name}`);

  it('pairs the model with each annotator, then annotators with each other, per kind', () => {
    expect(names).toEqual(['va: model – A', 'va: model – B', 'va: A – B', 'expression: model – A', 'au: model – A']);
  });
  it('VA model – A on 3 common frames: valence is a 0.1 shift → 2·(0.02/3) / (0.04/3 + 0.01) = 4/7; flat model arousal → 0', () => {
    const row = rows[0];
    if (row.kind !== 'va') throw new Error('expected a VA row');
    expect(row.commonFrames).toBe(3);
    expect(row.valenceCcc).toBeCloseTo(4 / 7, 12);
    expect(row.arousalCcc).toBeCloseTo(0, 12);
  });
  it('VA model – B agree exactly on 2 frames → 1; A – B share 1 frame → n/a', () => {
    expect(rows[1]).toMatchObject({ commonFrames: 2, valenceCcc: 1, arousalCcc: 1 });
    expect(rows[2]).toMatchObject({ commonFrames: 1, valenceCcc: null, arousalCcc: null });
  });
  it('expression model [4, 4, 0, 6] vs A [4, 4, 4, 6]: F1 happiness 4/5, surprise 1, neutral 0 → macro (0.8 + 1) / 7', () => {
    expect(rows[3]).toMatchObject({ commonFrames: 4 });
    expect(rows[3].kind === 'expression' && rows[3].macroF1).toBeCloseTo(1.8 / 7, 12);
  });
  it('AU model [1, 1, 1, 1] vs A [1, 1, 0, 1] on AU12: TP 3, FP 1 → 6/7; the other AUs both absent → 0; mean 6/56', () => {
    const row = rows[4];
    if (row.kind !== 'au') throw new Error('expected an AU row');
    expect(row.commonFrames).toEqual([4, 4, 4, 4, 4, 4, 4, 4]);
    expect(row.perAuF1[4]).toBeCloseTo(6 / 7, 12);
    expect(row.perAuF1.filter((_, i) => i !== 4)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(row.meanF1).toBeCloseTo(6 / 56, 12);
  });
});

describe('pairwise agreement', () => {
  it('VA: n/a when CCC is undefined (both the same constant)', () => {
    const same = { valence: 0.2, arousal: 0.2 };
    expect(vaAgreement([same, same], [same, same])).toEqual({ commonFrames: 2, valenceCcc: null, arousalCcc: null });
  });
  it('expression: only frames where both have a label count; fewer than 2 → n/a', () => {
    expect(expressionAgreement([0, null, 1], [0, 1, null])).toEqual({ commonFrames: 1, macroF1: null });
    expect(expressionAgreement([0, 1], [0, 1]).macroF1).toBeCloseTo(2 / 7, 12);
  });
  it('AU: per-AU common frames; the mean skips AUs with n/a', () => {
    const a: Array<Array<0 | 1 | null>> = [[1, 1, null, null, null, null, null, null], [1, 0, null, null, null, null, null, null]];
    const b: Array<Array<0 | 1 | null>> = [[1, 1, 1, null, null, null, null, null], [0, 1, 1, null, null, null, null, null]];
    const result = auAgreement(a, b);
    expect(result.commonFrames).toEqual([2, 2, 0, 0, 0, 0, 0, 0]);
    // AU1: TP 1, FP 1 → 2/3; AU2: TP 1, FN 1 → 2/3
    expect(result.perAuF1.slice(0, 3)).toEqual([2 / 3, 2 / 3, null]);
    expect(result.meanF1).toBeCloseTo(2 / 3, 12);
  });
  it('rejects tables of different lengths and bad options', () => {
    expect(() => vaAgreement([null], [])).toThrow(/equal length/);
    expect(() => validateAgreementOptions({ minCommonFrames: 1 })).toThrow(/minCommonFrames/);
  });
});
