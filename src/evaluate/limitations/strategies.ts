/**
 * The thresholds the limitations study compares: a sweep of fixed top-P% cuts from loose to tight, then the
 * adaptive strategies on the same maps, and the universal explainer's structured simplification. All use
 * their library defaults, so the figures describe what a user gets without tuning.
 */
import { confidenceThreshold } from '../../attribution/threshold/confidence.js';
import { dynamicThreshold } from '../../attribution/threshold/dynamic.js';
import { hybridDecision, type HybridRule } from '../../attribution/threshold/hybrid.js';
import { MULTILEVEL_DEFAULT_PERCENTS, multiLevelThresholds } from '../../attribution/threshold/multilevel.js';
import { otsuThreshold } from '../../attribution/threshold/otsu.js';
import { keepTopPercent } from '../../attribution/threshold/percentile.js';
import type { ThresholdResult } from '../../attribution/types.js';
import { simplifyWithCoverage } from '../../universal/simplify/with-coverage.js';
import type { LimitationCase } from './limitation-case.js';

/** Keep 50% down to 1%: from the loose end where little is lost to the paper's tightest headline setting and beyond. */
export const SWEEP_PERCENTS: readonly number[] = [50, 30, 20, 10, 5, 2, 1];

export type StrategyGroup = 'sweep' | 'adaptive' | 'structured';

/** What a strategy kept: its result, and the kept entries (1 each). */
export interface KeptSet {
  result: ThresholdResult;
  kept: Uint8Array;
  /** Which part of the hybrid rule decided. */
  rule?: HybridRule;
}

export interface StudyStrategy {
  name: string;
  group: StrategyGroup;
  apply(c: Pick<LimitationCase, 'attribution' | 'probability' | 'context'>): KeptSet;
}

/** A threshold keeps its positive entries at or above the cutoff, exactly its non-zero values. */
function keptByValue(result: ThresholdResult, rule?: HybridRule): KeptSet {
  return { result, kept: Uint8Array.from(result.values, (v) => (v > 0 ? 1 : 0)), rule };
}

/** Multi-level thresholds draw nested levels; what they keep in all is their loosest level. */
export const MULTILEVEL_OUTER_PERCENT = Math.max(...MULTILEVEL_DEFAULT_PERCENTS);

export const ADAPTIVE_STRATEGIES: readonly StudyStrategy[] = [
  { name: 'dynamic', group: 'adaptive', apply: (c) => keptByValue(dynamicThreshold(c.attribution.values)) },
  { name: 'multilevel', group: 'adaptive', apply: (c) => keptByValue(multiLevelThresholds(c.attribution.values, [MULTILEVEL_OUTER_PERCENT])[0]) },
  { name: 'otsu', group: 'adaptive', apply: (c) => keptByValue(otsuThreshold(c.attribution.values)) },
  { name: 'confidence', group: 'adaptive', apply: (c) => keptByValue(confidenceThreshold(c.attribution.values, { probability: c.probability })) },
  {
    name: 'hybrid',
    group: 'adaptive',
    apply: (c) => {
      const { result, rule } = hybridDecision(c.attribution.values);
      return keptByValue(result, rule);
    },
  },
];

/**
 * The universal explainer's simplification for the map's topology, coverage floor included: connected
 * regions on a grid, intervals on a sequence of steps, tokens with the ones they draw on, a subgraph
 * connected to the explained node. It may keep zero-valued entries a structure spans, so its kept set is
 * its own mask, not the non-zero values.
 */
export const STRUCTURED_STRATEGY: StudyStrategy = {
  name: 'structured',
  group: 'structured',
  apply: (c) => {
    const simplified = simplifyWithCoverage(c.attribution, { context: c.context });
    return { result: simplified.threshold, kept: simplified.kept };
  },
};

export function sweepStrategies(percents: readonly number[] = SWEEP_PERCENTS): StudyStrategy[] {
  return percents.map((percent) => ({ name: `${percent}%`, group: 'sweep', apply: (c) => keptByValue(keepTopPercent(c.attribution.values, percent)) }));
}
