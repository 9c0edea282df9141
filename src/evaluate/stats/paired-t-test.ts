/**
 * Student's paired t-test (Student 1908): a one-sample t-test on the differences a - b against zero, two-sided.
 * The arithmetic is @stdlib/stats-ttest's; this wrapper fixes the degenerate cases it would report as NaN.
 */
import ttest from '@stdlib/stats-ttest';
import { pairedDifferences, sampleStandardDeviation } from './descriptive.js';

export interface PairedTTest {
  /** t statistic of mean(a - b). */
  statistic: number;
  df: number;
  pValue: number;
  meanDifference: number;
}

export function pairedTTest(a: ArrayLike<number>, b: ArrayLike<number>): PairedTTest {
  const d = pairedDifferences(a, b);
  const n = d.length;
  if (n < 2) return { statistic: NaN, df: Math.max(0, n - 1), pValue: NaN, meanDifference: n === 1 ? d[0] : NaN };
  const meanDifference = d.reduce((s, v) => s + v, 0) / n;
  // Identical differences have no spread: no evidence either way when all are zero, certainty otherwise.
  if (sampleStandardDeviation(d) === 0) {
    return meanDifference === 0
      ? { statistic: 0, df: n - 1, pValue: 1, meanDifference }
      : { statistic: Math.sign(meanDifference) * Infinity, df: n - 1, pValue: 0, meanDifference };
  }
  const result = ttest(d);
  return { statistic: result.statistic, df: n - 1, pValue: result.pValue, meanDifference };
}
