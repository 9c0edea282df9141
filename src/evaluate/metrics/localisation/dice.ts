import { confusion } from './confusion.js';

/**
 * Dice coefficient (Sørensen–Dice, F1 of the pixel classification) of a binarised map against the mask:
 * 2|P∩T| / (|P| + |T|). Two empty regions agree perfectly (1), as IoU does.
 */
export function dice(predicted: ArrayLike<number>, truth: ArrayLike<number>): number {
  const { truePositives: tp, falsePositives: fp, falseNegatives: fn } = confusion(predicted, truth);
  const size = 2 * tp + fp + fn;
  return size === 0 ? 1 : (2 * tp) / size;
}
