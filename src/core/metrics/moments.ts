import { AffectscopeError } from '../errors';

/** Means, population (1/N) variances and covariance of two equal-length series (≥ 1 value). */
export function pairedMoments(x: ArrayLike<number>, y: ArrayLike<number>): { meanX: number; meanY: number; varX: number; varY: number; cov: number } {
  if (x.length !== y.length) throw new AffectscopeError('invalid-options', `expected series of equal length, got ${x.length} and ${y.length}`);
  const n = x.length;
  if (n === 0) throw new AffectscopeError('invalid-options', 'expected at least 1 value, got 0');
  // shifted by the first values: a constant series then has exactly zero variance (0.1 three times has a mean ≠ 0.1 in floats)
  const [x0, y0] = [x[0], y[0]];
  let sumX = 0, sumY = 0;
  for (let i = 0; i < n; i++) { sumX += x[i] - x0; sumY += y[i] - y0; }
  const [shiftedMeanX, shiftedMeanY] = [sumX / n, sumY / n];
  let varX = 0, varY = 0, cov = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - x0 - shiftedMeanX, dy = y[i] - y0 - shiftedMeanY;
    varX += dx * dx; varY += dy * dy; cov += dx * dy;
  }
  return { meanX: x0 + shiftedMeanX, meanY: y0 + shiftedMeanY, varX: varX / n, varY: varY / n, cov: cov / n };
}
