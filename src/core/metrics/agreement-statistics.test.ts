import { describe, expect, it } from 'vitest';
import { concordanceCorrelation } from './ccc';
import { macroF1OverPresentClasses } from './classification';
import { cohensKappa } from './kappa';
import { coincidences, krippendorffAlpha } from './krippendorff';
import { pearsonCorrelation } from './pearson';
import { meanOfDefined } from './statistic';

describe('cohensKappa (hand-computed)', () => {
  it('a [0, 0, 1, 1] vs b [0, 1, 1, 1]: p_o 3/4, p_e ½·¼ + ½·¾ = ½ → ½', () => {
    expect(cohensKappa([0, 0, 1, 1], [0, 1, 1, 1], 2)).toEqual({ value: 0.5 });
  });
  it('perfect agreement over two classes → 1; perfect disagreement → −1', () => {
    expect(cohensKappa([0, 1], [0, 1], 2)).toEqual({ value: 1 });
    expect(cohensKappa([0, 1], [1, 0], 2)).toEqual({ value: -1 });
  });
  it('one rater constant, the other not: p_o 3/4 = p_e 1·3/4 → 0 (defined)', () => {
    expect(cohensKappa([0, 0, 0, 0], [0, 0, 0, 1], 2)).toEqual({ value: 0 });
  });
  it('both use one and the same class everywhere: p_e = 1 → undefined, with the reason', () => {
    const kappa = cohensKappa([4, 4, 4], [4, 4, 4], 7);
    expect(kappa.value).toBeNull();
    expect(kappa).toMatchObject({ reason: expect.stringMatching(/p_e = 1/) });
  });
});

describe('pearsonCorrelation (hand-computed)', () => {
  it('±1 for exact linear relations; [1, 2, 3, 4] vs [1, 3, 2, 4]: s_xy 4, s_xx = s_yy = 5 → 0.8', () => {
    expect(pearsonCorrelation([1, 2, 3], [2, 4, 6]).value).toBeCloseTo(1, 12);
    expect(pearsonCorrelation([1, 2, 3], [3, 2, 1]).value).toBeCloseTo(-1, 12);
    expect(pearsonCorrelation([1, 2, 3, 4], [1, 3, 2, 4]).value).toBeCloseTo(0.8, 12);
  });
  it('is undefined when a series is constant', () => {
    expect(pearsonCorrelation([1, 2, 3], [5, 5, 5])).toMatchObject({ value: null, reason: expect.stringMatching(/constant/) });
    // 0.1 three times: a float mean of 0.1000…02 would leave a variance of ~1e-34 and a meaningless r
    expect(pearsonCorrelation([0.1, 0.1, 0.1], [1, 2, 3]).value).toBeNull();
    expect(concordanceCorrelation([0.1, 0.1, 0.1], [0.1, 0.1, 0.1])).toBeNaN();
  });
});

describe("Krippendorff's alpha", () => {
  /**
   * The worked example of Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability"
   * (repository.upenn.edu/asc_papers/43): 4 observers, 12 units, values 1–5, missing data.
   * Its coincidence matrix has the diagonal 7, 10, 8, 4, 3 and n_c = 9, 13, 10, 5, 3 (n = 40).
   * Nominal: Σ off-diagonal o_ck = 8, Σ n_c n_k (c ≠ k) = 40² − (81 + 169 + 100 + 25 + 9) = 1216
   *   → α = 1 − 39·8/1216 = 113/152 ≈ 0.743 (the paper's value).
   * Interval: Σ o_ck (c − k)² = 52/3; mean value 2.5, Σ n_c (c − 2.5)² = 56, so Σ n_c n_k (c − k)² = 2·40·56 = 4480
   *   → α = 1 − 39·(52/3)/4480 = 951/1120 ≈ 0.849 (the paper's value).
   * Checked with numpy (dense coincidence matrix, both sums over all c, k): 0.743421…, 0.849107….
   */
  const n = null;
  const observers = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, 3],
    [n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, n],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n],
  ];
  const units = observers[0].map((_, u) => observers.map((o) => o[u]));

  it('builds the paper’s coincidence matrix', () => {
    const o = coincidences(units);
    expect(o.values).toEqual([1, 2, 3, 4, 5]);
    expect(o.n).toBe(40);
    o.totals.forEach((t, i) => expect(t).toBeCloseTo([9, 13, 10, 5, 3][i], 12));
    const diagonal = o.values.map((_, c) => o.entries.find((e) => e.c === c && e.k === c)?.weight ?? 0);
    diagonal.forEach((d, i) => expect(d).toBeCloseTo([7, 10, 8, 4, 3][i], 12));
  });
  it('nominal α = 113/152 ≈ 0.743 and interval α = 951/1120 ≈ 0.849, as published', () => {
    expect(krippendorffAlpha(units, 'nominal').value).toBeCloseTo(113 / 152, 12);
    expect(krippendorffAlpha(units, 'interval').value).toBeCloseTo(951 / 1120, 12);
    expect(krippendorffAlpha(units, 'nominal').value!.toFixed(3)).toBe('0.743');
    expect(krippendorffAlpha(units, 'interval').value!.toFixed(3)).toBe('0.849');
  });
  it('two coders, units [0,0] [0,1] [1,1] [1,1]: o = [[2,1],[1,4]], n = 8 → 1 − 7·2/(64 − 9 − 25) = 8/15', () => {
    expect(krippendorffAlpha([[0, 0], [0, 1], [1, 1], [1, 1]], 'nominal').value).toBeCloseTo(8 / 15, 12);
  });
  it('interval, units [0,1] [1,1]: Σ o δ² = 2, 2n·Σ n_c (c − ¾)² = 8·¾ = 6 → 1 − 3·2/6 = 0', () => {
    expect(krippendorffAlpha([[0, 1], [1, 1]], 'interval').value).toBeCloseTo(0, 12);
  });
  it('is undefined with one value throughout, or with no unit coded twice', () => {
    expect(krippendorffAlpha([[4, 4], [4, 4]], 'nominal')).toMatchObject({ value: null, reason: expect.stringMatching(/same/) });
    expect(krippendorffAlpha([[1, null], [null, 2]], 'interval')).toMatchObject({ value: null, reason: expect.stringMatching(/pairable/) });
  });
});

describe('macroF1OverPresentClasses / meanOfDefined', () => {
  it('averages over the classes either labelling uses: one agreed class → 1, not 1/7', () => {
    expect(macroF1OverPresentClasses([4, 4, 4], [4, 4, 4], 7)).toEqual({ value: 1, classes: [4] });
    // per-class F1 [1, ½, ½] over classes 0–2 → 2/3 (macroF1 over 7 classes would give 2/7)
    const result = macroF1OverPresentClasses([0, 1, 2, 2, 1, 0], [0, 1, 1, 2, 2, 0], 7);
    expect(result.classes).toEqual([0, 1, 2]);
    expect(result.value).toBeCloseTo(2 / 3, 12);
  });
  it('means the defined values only, and is undefined when none is', () => {
    expect(meanOfDefined([{ value: 1 }, { value: null, reason: 'x' }, { value: 0 }], 'none')).toEqual({ value: 0.5 });
    expect(meanOfDefined([{ value: null, reason: 'x' }], 'none defined')).toEqual({ value: null, reason: 'none defined' });
  });
});
