/**
 * Hybrid threshold: Otsu's statistical cut, held between a coverage floor and a coverage cap.
 *
 * Otsu (1979) finds where a map separates into "evidence" and "background" when it does, but it has no
 * notion of size: on a single sharp peak it keeps a handful of entries, on a broad map half of it. The
 * dynamic search (Li 2025) guarantees a minimum coverage but knows nothing of the map's modes. The hybrid
 * takes the looser of the two kept sets (Otsu's split, unless that falls below the dynamic floor) and then
 * caps the result at the top maxCoverage of the map, so a map without a clear mode cannot keep everything.
 *
 * Every strategy here keeps an upper set (the positive entries at or above a cutoff), so kept sets are
 * nested and "looser" simply means the larger one. The cap is a keepTopPercent cut, which keeps ties at its
 * cutoff: only ties can carry the coverage past maxCoverage. maxCoverage >= minCoverage, so the cap never
 * undoes the floor.
 *
 * Li, "A Lightweight Explainability Framework for Neural Networks" (2025), names hybrid strategies among its
 * adaptive thresholds; this combination and its defaults are this module's.
 */
import { UsageError } from '../../errors.js';
import type { ThresholdResult } from '../types.js';
import { DYNAMIC_THRESHOLD_DEFAULTS, dynamicThreshold, type DynamicThresholdOptions } from './dynamic.js';
import { OTSU_DEFAULT_BINS, otsuThreshold } from './otsu.js';
import { keepTopPercent } from './percentile.js';
import { keepAtOrAbove } from './result.js';

export interface HybridThresholdOptions extends DynamicThresholdOptions {
  /** Largest share of all entries kept, in [minCoverage, 1]. */
  maxCoverage?: number;
  /** Histogram bins of the Otsu cut. */
  bins?: number;
}

/** The dynamic search's own defaults for the floor; a 30% cap, the confidence rule's loosest setting. */
export const HYBRID_THRESHOLD_DEFAULTS = { ...DYNAMIC_THRESHOLD_DEFAULTS, maxCoverage: 0.3, bins: OTSU_DEFAULT_BINS } as const;

/** Which part of the rule decided the kept set. */
export type HybridRule = 'otsu' | 'coverage-floor' | 'coverage-cap';

export interface HybridDecision {
  result: ThresholdResult;
  rule: HybridRule;
}

/** The hybrid's kept set and which rule set it: the Otsu split, the dynamic floor (Otsu kept less) or the cap. */
export function hybridDecision(values: ArrayLike<number>, options: HybridThresholdOptions = {}): HybridDecision {
  const minCoverage = options.minCoverage ?? HYBRID_THRESHOLD_DEFAULTS.minCoverage;
  const maxCoverage = options.maxCoverage ?? HYBRID_THRESHOLD_DEFAULTS.maxCoverage;
  if (!(maxCoverage > 0 && maxCoverage <= 1)) {
    throw new UsageError(`hybrid threshold: maxCoverage must be a fraction in (0, 1], got ${maxCoverage}`);
  }
  if (minCoverage > maxCoverage) {
    throw new UsageError(`hybrid threshold: minCoverage (${minCoverage}) must not exceed maxCoverage (${maxCoverage})`);
  }
  const floor = dynamicThreshold(values, options);
  const otsu = otsuThreshold(values, options.bins ?? HYBRID_THRESHOLD_DEFAULTS.bins);
  // 12 significant digits, as dynamic reports its floor.
  const value = Number((minCoverage * 100).toPrecision(12));
  const hybrid = (chosen: ThresholdResult, rule: HybridRule): HybridDecision => ({
    // A result that keeps nothing reports cutoff 0, which keepAtOrAbove would read as "keep every positive entry".
    result: keepAtOrAbove(values, chosen.coverage === 0 ? Infinity : chosen.cutoff, 'hybrid', value),
    rule,
  });

  const looser = otsu.coverage >= floor.coverage ? hybrid(otsu, 'otsu') : hybrid(floor, 'coverage-floor');
  if (looser.result.coverage <= maxCoverage) return looser;
  // Percent first: 0.07 * 100 is 7.000000000000001, which would keep one entry more on a 100-entry map.
  const capped = keepTopPercent(values, Number((maxCoverage * 100).toPrecision(12)));
  return capped.coverage < looser.result.coverage ? hybrid(capped, 'coverage-cap') : looser;
}

export function hybridThreshold(values: ArrayLike<number>, options: HybridThresholdOptions = {}): ThresholdResult {
  return hybridDecision(values, options).result;
}
