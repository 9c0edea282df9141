/**
 * "A is faster than B", with its evidence: the paired per-run times of two interleaved arms, the Wilcoxon
 * signed-rank and paired t-tests on them, and percentile bootstrap intervals of the mean difference and
 * of the mean per-run ratio (slower / faster, the speed-up).
 */
import { bootstrapMeanInterval, type ConfidenceInterval } from '../stats/bootstrap.js';
import { comparePaired } from '../stats/paired-comparison.js';
import { median } from './timing.js';

/** The conventional two-sided level; a claim is called shown only when both tests clear it. */
export const SPEED_CLAIM_ALPHA = 0.05;

export interface SpeedClaim {
  section: string;
  /** The arm with the lower median time ... */
  faster: string;
  /** ... and the other one. */
  slower: string;
  n: number;
  fasterMedianMs: number;
  slowerMedianMs: number;
  /** mean over runs of slower_i / faster_i. */
  ratio: ConfidenceInterval;
  /** mean over runs of slower_i - faster_i, in ms. */
  differenceMs: ConfidenceInterval;
  wilcoxonP: number;
  tTestP: number;
  /** Both tests reject equal times at SPEED_CLAIM_ALPHA. */
  shown: boolean;
}

export interface NamedTimes {
  name: string;
  times: number[];
}

export function speedClaim(section: string, a: NamedTimes, b: NamedTimes, seed: number): SpeedClaim {
  const [fast, slow] = median(a.times) <= median(b.times) ? [a, b] : [b, a];
  const comparison = comparePaired(slow.times, fast.times, { seed });
  const ratios = slow.times.map((t, i) => t / fast.times[i]);
  const wilcoxonP = comparison.wilcoxon.pValue;
  const tTestP = comparison.tTest.pValue;
  return {
    section,
    faster: fast.name,
    slower: slow.name,
    n: comparison.n,
    fasterMedianMs: median(fast.times),
    slowerMedianMs: median(slow.times),
    ratio: bootstrapMeanInterval(ratios, { seed }),
    differenceMs: comparison.difference,
    wilcoxonP,
    tTestP,
    shown: wilcoxonP < SPEED_CLAIM_ALPHA && tTestP < SPEED_CLAIM_ALPHA,
  };
}
