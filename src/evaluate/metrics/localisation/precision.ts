import { confusion } from './confusion.js';

/**
 * Share of the binarised map that lies on the object: |P∩T| / |P|. An empty prediction claims nothing
 * wrong; it scores 0 here as scikit-learn's zero_division default does, since it located nothing.
 */
export function regionPrecision(predicted: ArrayLike<number>, truth: ArrayLike<number>): number {
  const { truePositives: tp, falsePositives: fp } = confusion(predicted, truth);
  return tp + fp === 0 ? 0 : tp / (tp + fp);
}
