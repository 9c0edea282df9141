/**
 * Cohen's d for paired samples, d_z (Cohen, "Statistical Power Analysis for the Behavioral Sciences", 1988,
 * eq. 2.3.5; Lakens 2013, eq. 6): the mean of the differences over their standard deviation. It is the
 * paired t statistic divided by sqrt(n). Identical differences give ±Infinity (or 0 when all are zero).
 */
import { mean, pairedDifferences, sampleStandardDeviation } from './descriptive.js';

export function cohensDz(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const d = pairedDifferences(a, b);
  const m = mean(d);
  const sd = sampleStandardDeviation(d);
  if (sd === 0) return m === 0 ? 0 : Math.sign(m) * Infinity;
  return m / sd;
}
