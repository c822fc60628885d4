import { confusionMatrix } from './classification';
import { defined, undefinedBecause, type Statistic } from './statistic';

/**
 * Cohen's kappa for two raters (Cohen 1960): κ = (p_o − p_e) / (1 − p_e), with p_o the observed
 * agreement and p_e = Σ_k p_a(k)·p_b(k) the agreement expected from each rater's own class
 * frequencies. ∈ [−1, 1]. Undefined when p_e = 1: both raters used one and the same class on every
 * sample, so there is no variation for agreement to be measured against.
 * @param a, b class indices in [0, numClasses), one per sample, equal length ≥ 1
 */
export function cohensKappa(a: ArrayLike<number>, b: ArrayLike<number>, numClasses: number): Statistic {
  const m = confusionMatrix(a, b, numClasses); // rows: b, columns: a
  const n = a.length;
  let observed = 0, expected = 0;
  for (let k = 0; k < numClasses; k++) {
    observed += m[k][k];
    const rowSum = m[k].reduce((s, v) => s + v, 0);
    const columnSum = m.reduce((s, row) => s + row[k], 0);
    expected += rowSum * columnSum;
  }
  const po = observed / n, pe = expected / (n * n);
  if (pe === 1) return undefinedBecause('both raters used one and the same class throughout (chance agreement p_e = 1)');
  return defined((po - pe) / (1 - pe));
}
