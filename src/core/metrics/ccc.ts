import { AffectscopeError } from '../errors';

/**
 * Concordance correlation coefficient (Lin 1989), the paper's valence/arousal metric
 * (Kollias & Zafeiriou 2019, eq. 3): ρ = 2·s_xy / (s_x² + s_y² + (x̄ − ȳ)²), with population
 * (1/N) variances and covariance. ∈ [−1, 1]; NaN when both series are the same constant.
 */
export function concordanceCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new AffectscopeError('invalid-options', `expected series of equal length, got ${x.length} and ${y.length}`);
  const n = x.length;
  if (n === 0) throw new AffectscopeError('invalid-options', 'expected at least 1 value, got 0');
  let meanX = 0, meanY = 0;
  for (let i = 0; i < n; i++) { meanX += x[i]; meanY += y[i]; }
  meanX /= n; meanY /= n;
  let varX = 0, varY = 0, cov = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - meanX, dy = y[i] - meanY;
    varX += dx * dx; varY += dy * dy; cov += dx * dy;
  }
  varX /= n; varY /= n; cov /= n;
  const denominator = varX + varY + (meanX - meanY) ** 2;
  return denominator === 0 ? NaN : (2 * cov) / denominator;
}
