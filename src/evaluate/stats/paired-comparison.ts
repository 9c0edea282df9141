/**
 * Everything a report says about one paired comparison (say, IoU under a threshold against IoU of the
 * unthresholded map on the same scenes): the mean difference with its bootstrap interval, both tests and
 * the effect size. The t-test assumes roughly normal differences; Wilcoxon does not, so both are given.
 */
import { bootstrapMeanInterval, type BootstrapOptions, type ConfidenceInterval } from './bootstrap.js';
import { pairedDifferences } from './descriptive.js';
import { cohensDz } from './effect-size.js';
import { pairedTTest, type PairedTTest } from './paired-t-test.js';
import { wilcoxonSignedRank, type WilcoxonTest } from './wilcoxon.js';

export interface PairedComparison {
  n: number;
  /** mean(a - b) and its percentile bootstrap interval. */
  difference: ConfidenceInterval;
  tTest: PairedTTest;
  wilcoxon: WilcoxonTest;
  cohensDz: number;
}

export function comparePaired(a: ArrayLike<number>, b: ArrayLike<number>, bootstrap: BootstrapOptions = {}): PairedComparison {
  return {
    n: a.length,
    difference: bootstrapMeanInterval(pairedDifferences(a, b), bootstrap),
    tTest: pairedTTest(a, b),
    wilcoxon: wilcoxonSignedRank(a, b),
    cohensDz: cohensDz(a, b),
  };
}
