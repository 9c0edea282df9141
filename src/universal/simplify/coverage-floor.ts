import { UsageError } from '../../errors.js';
import { DYNAMIC_THRESHOLD_DEFAULTS } from '../../attribution/threshold/dynamic.js';

/** The paper's 5% floor (DYNAMIC_THRESHOLD_DEFAULTS), for every topology alike. */
export const DEFAULT_MIN_COVERAGE = DYNAMIC_THRESHOLD_DEFAULTS.minCoverage;

export function resolveMinCoverage(minCoverage: number | undefined): number {
  const value = minCoverage ?? DEFAULT_MIN_COVERAGE;
  if (!(value > 0 && value <= 1)) throw new UsageError(`minCoverage must be a fraction in (0, 1], got ${value}`);
  return value;
}

/** The fewest positions out of n that meet the floor; the dynamic threshold's own count, for every topology. */
export { floorCount } from '../../attribution/threshold/dynamic.js';
