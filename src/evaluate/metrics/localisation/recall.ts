import { confusion } from './confusion.js';

/** Share of the object covered by the binarised map: |P∩T| / |T|; 0 when the mask is empty (scikit-learn's zero_division). */
export function regionRecall(predicted: ArrayLike<number>, truth: ArrayLike<number>): number {
  const { truePositives: tp, falseNegatives: fn } = confusion(predicted, truth);
  return tp + fn === 0 ? 0 : tp / (tp + fn);
}
