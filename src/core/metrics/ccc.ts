import { pairedMoments } from './moments';

/**
 * Concordance correlation coefficient (Lin 1989), the paper's valence/arousal metric
 * (Kollias & Zafeiriou 2019, eq. 3): ρ = 2·s_xy / (s_x² + s_y² + (x̄ − ȳ)²), with population
 * (1/N) variances and covariance. ∈ [−1, 1]; NaN when both series are the same constant.
 */
export function concordanceCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const { meanX, meanY, varX, varY, cov } = pairedMoments(x, y);
  const denominator = varX + varY + (meanX - meanY) ** 2;
  return denominator === 0 ? NaN : (2 * cov) / denominator;
}
