/**
 * Area under the ROC curve of the map as a per-pixel score for the mask, computed from ranks (the
 * Mann–Whitney U statistic): AUC = (sum of object ranks - P(P+1)/2) / (P N), tied scores sharing their
 * average rank, which equals scikit-learn's roc_auc_score. 1: every object pixel outranks every
 * background pixel; 0.5: no better than chance.
 */
import { averageRanks } from '../correlation.js';
import { assertSameLength, countPositives } from '../sizes.js';

export function rocAuc(map: ArrayLike<number>, mask: ArrayLike<number>): number {
  assertSameLength('map and mask', map, mask);
  const positives = countPositives(mask);
  const negatives = mask.length - positives;
  const ranks = averageRanks(map);
  let rankSum = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) rankSum += ranks[i];
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
