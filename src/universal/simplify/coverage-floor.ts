import { UsageError } from '../../errors.js';
import { DYNAMIC_THRESHOLD_DEFAULTS } from '../../attribution/threshold/dynamic.js';

/** The paper's 5% floor (DYNAMIC_THRESHOLD_DEFAULTS), for every topology alike. */
export const DEFAULT_MIN_COVERAGE = DYNAMIC_THRESHOLD_DEFAULTS.minCoverage;

export function resolveMinCoverage(minCoverage: number | undefined): number {
  const value = minCoverage ?? DEFAULT_MIN_COVERAGE;
  if (!(value > 0 && value <= 1)) throw new UsageError(`minCoverage must be a fraction in (0, 1], got ${value}`);
  return value;
}

/**
 * The fewest positions out of n that meet the floor: the smallest count c with c / n >= minCoverage,
 * tested exactly as a coverage is computed (ceil(minCoverage * n) can be off by one through rounding).
 */
export function floorCount(minCoverage: number, n: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (mid / n >= minCoverage) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
