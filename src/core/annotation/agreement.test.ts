import { describe, expect, it } from 'vitest';
import type { FrameRecord, SessionRecord } from '../session/types';
import { sessionAgreement, validateAgreementOptions } from './agreement';
import { auAgreement, expressionAgreement, vaAgreement } from './pairwise';
import { addAuPresence } from './spans';

/** A model frame: valence, arousal, the argmax expression and P(AU12). */
function frame(mediaTimeMs: number, valence: number, arousal: number, expression: number, au12: number): FrameRecord {
  const expressionProbabilities = Array.from({ length: 7 }, (_, i) => (i === expression ? 0.4 : 0.1));
  const actionUnitProbabilities = Array.from({ length: 8 }, (_, i) => (i === 4 ? au12 : 0.2));
  return { mediaTimeMs, faceFound: true, prediction: { valence, arousal, expressionProbabilities, actionUnitProbabilities } };
}

const value = (s: { value: number | null }) => s.value;

/**
 * 500 ms at 10 fps → frames at 0, 100, 200, 300, 400 ms (every record and sample sits on a frame).
 * model:  valence [0.1, 0.2, 0.3, –, 0.9], arousal [0.5, 0.5, 0.5, –, −0.5], expression [4, 4, 0, –, 6], AU12 [1, 1, 1, –, 1], other AUs 0
 * A:      valence [0.2, 0.3, 0.4, –, –] (samples 0–200 ms), arousal [0, 0.5, 1, –, –]; expression [4, 4, 4, 6, 6]; AU12 [1, 1, 0, 1, 1], other AUs 0
 * B:      valence [0.1, –, –, –, 0.9], arousal [0.5, –, –, –, −0.5] (its two samples are 400 ms apart: more than the 200 ms bridged)
 * The alpha values below were also checked with numpy (a dense coincidence matrix summed over all c, k).
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

  it('VA model – A on 3 common frames: valence a 0.1 shift; arousal flat in the model', () => {
    const row = rows[0];
    if (row.kind !== 'va') throw new Error('expected a VA row');
    expect(row.commonFrames).toBe(3);
    // CCC 2·(0.02/3) / (0.04/3 + 0.01) = 4/7; r = 1 (a shift)
    expect(value(row.valence.ccc)).toBeCloseTo(4 / 7, 12);
    expect(value(row.valence.pearson)).toBeCloseTo(1, 12);
    // interval α: units [0.1,0.2] [0.2,0.3] [0.3,0.4]; Σ o δ² = 3·2·0.01 = 0.06; mean 0.25, Σ n_c (c − 0.25)² = 0.055,
    // 2n·0.055 = 0.66 → 1 − 5·0.06/0.66 = 6/11
    expect(value(row.valence.alpha)).toBeCloseTo(6 / 11, 12);
    // arousal: model 0.5 throughout vs A [0, 0.5, 1] → CCC 0; r undefined (model constant);
    // α: Σ o δ² = 2·0.25 + 2·0.25 = 1; mean 0.5, 2·6·(0.25 + 0.25) = 6 → 1 − 5·1/6 = 1/6
    expect(value(row.arousal.ccc)).toBeCloseTo(0, 12);
    expect(row.arousal.pearson).toMatchObject({ value: null, reason: expect.stringMatching(/constant/) });
    expect(value(row.arousal.alpha)).toBeCloseTo(1 / 6, 12);
  });

  it('VA model – B agree exactly on 2 frames → 1 everywhere; A – B share 1 frame → undefined, saying so', () => {
    const [mb, ab] = [rows[1], rows[2]];
    if (mb.kind !== 'va' || ab.kind !== 'va') throw new Error('expected VA rows');
    expect(mb.commonFrames).toBe(2);
    for (const s of [mb.valence.ccc, mb.valence.pearson, mb.valence.alpha, mb.arousal.ccc]) expect(value(s)).toBeCloseTo(1, 12);
    expect(ab.commonFrames).toBe(1);
    expect(ab.valence.ccc).toEqual({ value: null, reason: '1 frame both tracks cover; at least 2 needed' });
  });

  it('expression model [4, 4, 0, 6] vs A [4, 4, 4, 6] on 4 common frames', () => {
    const row = rows[3];
    if (row.kind !== 'expression') throw new Error('expected an expression row');
    expect(row.commonFrames).toBe(4);
    expect(value(row.accuracy)).toBeCloseTo(3 / 4, 12);
    // p_o 3/4; p_e = (2/4)(3/4) + (1/4)(1/4) + (1/4)·0 = 7/16 → κ = (12/16 − 7/16) / (9/16) = 5/9
    expect(value(row.kappa)).toBeCloseTo(5 / 9, 12);
    // nominal α: o_44 = 4, o_04 = o_40 = 1, o_66 = 2; n_c 1, 5, 2 (n = 8) → 1 − 7·2 / (64 − 1 − 25 − 4) = 10/17
    expect(value(row.alpha)).toBeCloseTo(10 / 17, 12);
    // F1 over the classes present: Neutral 0 (FP 1), Happiness 4/5, Surprise 1 → 1.8 / 3
    expect(row.classesPresent).toEqual([0, 4, 6]);
    expect(value(row.macroF1)).toBeCloseTo(0.6, 12);
  });

  it('AU model [1, 1, 1, 1] vs A [1, 1, 0, 1] on AU12; the other AUs absent for both → undefined, not 0', () => {
    const row = rows[4];
    if (row.kind !== 'au') throw new Error('expected an AU row');
    expect(row.perAu.map((s) => s.commonFrames)).toEqual([4, 4, 4, 4, 4, 4, 4, 4]);
    // AU12: TP 3, FP 1 → F1 6/7; the model is constant: p_o 3/4 = p_e 1·3/4 → κ 0
    expect(value(row.perAu[4].f1)).toBeCloseTo(6 / 7, 12);
    expect(value(row.perAu[4].kappa)).toBeCloseTo(0, 12);
    for (const [i, s] of row.perAu.entries()) {
      if (i === 4) continue;
      expect(s.f1).toMatchObject({ value: null, reason: expect.stringMatching(/neither rater marked/) });
      expect(s.kappa).toMatchObject({ value: null, reason: expect.stringMatching(/p_e = 1/) });
    }
    expect(value(row.meanF1)).toBeCloseTo(6 / 7, 12);
    expect(value(row.meanKappa)).toBeCloseTo(0, 12);
  });
});

describe('all-agree, one class (the issue: model and annotator both say Happiness on every frame)', () => {
  const frames = Array.from({ length: 5 }, (_, k) => frame(k * 100, 0, 0, 4, 0.1));
  const rows = sessionAgreement(
    { durationMs: 500, frames, annotations: [{ kind: 'expression', annotator: 'A', segments: [{ startMs: 0, endMs: 500, label: 4 }] }] },
    { frameRateHz: 10 },
  );
  it('accuracy 1, macro-F1 1 over the one class present, kappa and alpha undefined with a reason', () => {
    const row = rows[0];
    if (row.kind !== 'expression') throw new Error('expected an expression row');
    expect(row.commonFrames).toBe(5);
    expect(row.accuracy).toEqual({ value: 1 });
    expect(row.macroF1).toEqual({ value: 1 });
    expect(row.classesPresent).toEqual([4]);
    expect(row.kappa).toMatchObject({ value: null, reason: expect.stringMatching(/one and the same class/) });
    expect(row.alpha.value).toBeNull();
  });
});

describe('pairwise agreement', () => {
  it('VA: CCC undefined when both are the same constant', () => {
    const same = { valence: 0.2, arousal: 0.2 };
    expect(vaAgreement([same, same], [same, same]).valence.ccc).toMatchObject({ value: null, reason: expect.stringMatching(/same constant/) });
  });
  it('expression: only frames where both have a label count; fewer than 2 → undefined', () => {
    expect(expressionAgreement([0, null, 1], [0, 1, null])).toMatchObject({ commonFrames: 1, accuracy: { value: null }, kappa: { value: null } });
    expect(expressionAgreement([0, 1], [0, 1])).toMatchObject({ accuracy: { value: 1 }, kappa: { value: 1 }, macroF1: { value: 1 }, classesPresent: [0, 1] });
  });
  it('AU: per-AU common frames; the means skip AUs without a value', () => {
    const a: Array<Array<0 | 1 | null>> = [[1, 1, null, null, null, null, null, null], [1, 0, null, null, null, null, null, null]];
    const b: Array<Array<0 | 1 | null>> = [[1, 1, 1, null, null, null, null, null], [0, 1, 1, null, null, null, null, null]];
    const result = auAgreement(a, b);
    expect(result.perAu.map((s) => s.commonFrames)).toEqual([2, 2, 0, 0, 0, 0, 0, 0]);
    // AU1: TP 1, FP 1 → 2/3; κ: p_o ½, p_e = 1·½ → 0. AU2: TP 1, FN 1 → 2/3, κ 0
    expect(result.perAu.slice(0, 2).map((s) => [value(s.f1), value(s.kappa)])).toEqual([[2 / 3, 0], [2 / 3, 0]]);
    expect(result.perAu[2].f1.value).toBeNull();
    expect(value(result.meanF1)).toBeCloseTo(2 / 3, 12);
  });
  it('rejects tables of different lengths and bad options', () => {
    expect(() => vaAgreement([null], [])).toThrow(/equal length/);
    expect(() => validateAgreementOptions({ minCommonFrames: 1 })).toThrow(/minCommonFrames/);
  });
});
