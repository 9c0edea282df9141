/**
 * Wilcoxon signed-rank test of paired samples (Wilcoxon 1945), two-sided, zero differences dropped
 * (Wilcoxon's own rule). The arithmetic is @stdlib/stats-wilcoxon's, which follows R's wilcox.test: the exact
 * null distribution for at most 50 differences without ties or zeros, otherwise the normal approximation
 * with the tie correction of the variance and a continuity correction of 0.5.
 */
import wilcoxon from '@stdlib/stats-wilcoxon';
import { pairedDifferences } from './descriptive.js';

/** Above this many differences @stdlib (like R) leaves the exact distribution for the normal approximation. */
const EXACT_MAX_N = 50;

export interface WilcoxonTest {
  /** W+: the sum of the ranks of the positive differences. */
  statistic: number;
  /** Differences that were not zero (the test's n). */
  n: number;
  pValue: number;
  approximation: 'exact' | 'normal';
}

export function wilcoxonSignedRank(a: ArrayLike<number>, b: ArrayLike<number>): WilcoxonTest {
  const d = pairedDifferences(a, b);
  const nonZero = d.filter((v) => v !== 0);
  // All pairs equal (or a single pair left): the data give no evidence of a shift.
  if (nonZero.length < 2) return { statistic: nonZero.length === 1 && nonZero[0] > 0 ? 1 : 0, n: nonZero.length, pValue: 1, approximation: 'exact' };
  const result = wilcoxon(d, { zeroMethod: 'wilcox', correction: true });
  return { statistic: result.statistic, n: nonZero.length, pValue: result.pValue, approximation: approximationUsed(d, nonZero) };
}

function approximationUsed(all: Float64Array, nonZero: Float64Array): 'exact' | 'normal' {
  const absolute = nonZero.map(Math.abs);
  const tied = new Set(absolute).size !== absolute.length;
  return nonZero.length > EXACT_MAX_N || nonZero.length !== all.length || tied ? 'normal' : 'exact';
}
