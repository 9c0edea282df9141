/**
 * The thresholds the limitations study compares: a sweep of fixed top-P% cuts from loose to tight, then the
 * adaptive strategies on the same maps. All use their library defaults, so the figures describe what a
 * user gets without tuning.
 */
import { dynamicThreshold } from '../../attribution/threshold/dynamic.js';
import { hybridDecision, type HybridRule } from '../../attribution/threshold/hybrid.js';
import { MULTILEVEL_DEFAULT_PERCENTS, multiLevelThresholds } from '../../attribution/threshold/multilevel.js';
import { otsuThreshold } from '../../attribution/threshold/otsu.js';
import { keepTopPercent } from '../../attribution/threshold/percentile.js';
import { confidenceThreshold } from '../../attribution/threshold/confidence.js';
import type { ThresholdResult } from '../../attribution/types.js';

/** Keep 50% down to 1%: from the loose end where little is lost to the paper's tightest headline setting and beyond. */
export const SWEEP_PERCENTS: readonly number[] = [50, 30, 20, 10, 5, 2, 1];

export type StrategyGroup = 'sweep' | 'adaptive';

export interface StudyStrategy {
  name: string;
  group: StrategyGroup;
  /** The kept set on a max-normalised map; `rule` says which part of the hybrid decided. */
  apply(values: Float32Array, probability: number): { result: ThresholdResult; rule?: HybridRule };
}

/** Multi-level thresholds draw nested levels; what they keep in all is their loosest level. */
export const MULTILEVEL_OUTER_PERCENT = Math.max(...MULTILEVEL_DEFAULT_PERCENTS);

export const ADAPTIVE_STRATEGIES: readonly StudyStrategy[] = [
  { name: 'dynamic', group: 'adaptive', apply: (v) => ({ result: dynamicThreshold(v) }) },
  {
    name: 'multilevel',
    group: 'adaptive',
    apply: (v) => ({ result: multiLevelThresholds(v, [MULTILEVEL_OUTER_PERCENT])[0] }),
  },
  { name: 'otsu', group: 'adaptive', apply: (v) => ({ result: otsuThreshold(v) }) },
  { name: 'confidence', group: 'adaptive', apply: (v, probability) => ({ result: confidenceThreshold(v, { probability }) }) },
  { name: 'hybrid', group: 'adaptive', apply: (v) => hybridDecision(v) },
];

export function sweepStrategies(percents: readonly number[] = SWEEP_PERCENTS): StudyStrategy[] {
  return percents.map((percent) => ({ name: `${percent}%`, group: 'sweep', apply: (v) => ({ result: keepTopPercent(v, percent) }) }));
}
