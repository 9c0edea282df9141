/** Plain summaries of a sample, shared by the tests and the bootstrap. Empty samples give NaN, never a throw. */

export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return values.length === 0 ? NaN : sum / values.length;
}

/** Sample standard deviation (n - 1 in the denominator); NaN below two values. */
export function sampleStandardDeviation(values: ArrayLike<number>): number {
  if (values.length < 2) return NaN;
  const m = mean(values);
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i] - m) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

/**
 * The p-quantile of ascending `sorted` values by linear interpolation between order statistics (Hyndman and
 * Fan 1996, definition 7: R's and NumPy's default).
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** a[i] - b[i] for paired samples of equal length. */
export function pairedDifferences(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  if (a.length !== b.length) throw new Error(`paired samples differ in length: ${a.length} vs ${b.length}`);
  return Float64Array.from({ length: a.length }, (_, i) => a[i] - b[i]);
}
