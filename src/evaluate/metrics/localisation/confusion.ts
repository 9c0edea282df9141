import { assertSameLength } from '../sizes.js';

/** Pixel counts of a predicted region against a ground-truth mask (non-zero = inside). */
export interface Confusion {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
}

export function confusion(predicted: ArrayLike<number>, truth: ArrayLike<number>): Confusion {
  assertSameLength('predicted region and mask', predicted, truth);
  const counts = { truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 0 };
  for (let i = 0; i < predicted.length; i++) {
    const p = predicted[i] !== 0;
    const t = truth[i] !== 0;
    if (p && t) counts.truePositives++;
    else if (p) counts.falsePositives++;
    else if (t) counts.falseNegatives++;
    else counts.trueNegatives++;
  }
  return counts;
}
