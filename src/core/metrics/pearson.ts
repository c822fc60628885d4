import { AffectscopeError } from '../errors';
import { defined, undefinedBecause, type Statistic } from './statistic';

/** Pearson's r = s_xy / (s_x·s_y) ∈ [−1, 1]; undefined when either series is constant. */
export function pearsonCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): Statistic {
  if (x.length !== y.length) throw new AffectscopeError('invalid-options', `expected series of equal length, got ${x.length} and ${y.length}`);
  const n = x.length;
  if (n === 0) throw new AffectscopeError('invalid-options', 'expected at least 1 value, got 0');
  let meanX = 0, meanY = 0;
  for (let i = 0; i < n; i++) { meanX += x[i]; meanY += y[i]; }
  meanX /= n; meanY /= n;
  let sxx = 0, syy = 0, sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - meanX, dy = y[i] - meanY;
    sxx += dx * dx; syy += dy * dy; sxy += dx * dy;
  }
  if (sxx === 0 || syy === 0) return undefinedBecause('one series is constant (no variance to correlate)');
  return defined(Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy))));
}
