import { pairedMoments } from './moments';
import { defined, undefinedBecause, type Statistic } from './statistic';

/** Pearson's r = s_xy / (s_x·s_y) ∈ [−1, 1]; undefined when either series is constant. */
export function pearsonCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): Statistic {
  const { varX, varY, cov } = pairedMoments(x, y);
  if (varX === 0 || varY === 0) return undefinedBecause('one series is constant (no variance to correlate)');
  return defined(Math.max(-1, Math.min(1, cov / Math.sqrt(varX * varY))));
}
