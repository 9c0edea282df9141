import { assertSameLength } from './sizes.js';

/**
 * Pearson correlation of two equally long series. A constant series has no defined correlation; it is
 * reported as 0 (no linear relation), which is how Quantus' stability and randomisation scores treat it.
 */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assertSameLength('the two series', a, b);
  const n = a.length;
  let meanA = 0;
  let meanB = 0;
  for (let i = 0; i < n; i++) {
    meanA += a[i];
    meanB += b[i];
  }
  meanA /= n;
  meanB /= n;
  let cov = 0;
  let varA = 0;
  let varB = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - meanA;
    const db = b[i] - meanB;
    cov += da * db;
    varA += da * da;
    varB += db * db;
  }
  return varA === 0 || varB === 0 ? 0 : cov / Math.sqrt(varA * varB);
}

/** 1-based ranks in ascending order, tied values sharing the mean of the ranks they span (scipy's 'average'). */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((i, j) => values[i] - values[j]);
  const ranks = new Float64Array(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end++;
    const shared = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = shared;
    start = end;
  }
  return ranks;
}

/** Spearman rank correlation: Pearson over average ranks, so ties are handled as scipy.stats.spearmanr does. */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assertSameLength('the two series', a, b);
  return pearson(averageRanks(a), averageRanks(b));
}
