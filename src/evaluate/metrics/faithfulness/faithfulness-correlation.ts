/**
 * Faithfulness correlation (Bhatt, Weller and Moura, "Evaluating and aggregating feature-based model
 * explanations", IJCAI 2020; defaults as in Quantus' FaithfulnessCorrelation): for random subsets of
 * pixels, the Pearson correlation between the attribution summed over the subset and the drop in the
 * target's logit when the subset is set to the model-space zero. 1: the map predicts every drop.
 */
import type { Attribution } from '../../../attribution/types.js';
import type { ExplainableModel } from '../../../engines/types.js';
import { UsageError } from '../../../errors.js';
import { pearson } from '../correlation.js';
import { mulberry32 } from '../../../attribution/random.js';
import { randomSubset } from '../noise.js';
import { assertExample, classScores, type ScoringOptions } from './class-scores.js';
import { mapAtInput } from './input-map.js';
import { withPixelsFrom } from './pixels.js';

/** Quantus: nr_runs = 100, subset_size = 224 pixels, logits (softmax off). */
export const FAITHFULNESS_CORRELATION_DEFAULTS = { runs: 100, subsetSize: 224, seed: 0, score: 'logit' as const };

export interface FaithfulnessCorrelationOptions extends ScoringOptions {
  runs?: number;
  /** Pixels per subset; capped at the image's pixel count. */
  subsetSize?: number;
  seed?: number;
}

export async function faithfulnessCorrelation(
  model: ExplainableModel,
  image: Float32Array,
  map: Attribution | ArrayLike<number>,
  target: number,
  options: FaithfulnessCorrelationOptions = {},
): Promise<number> {
  assertExample(model, image, target);
  const { runs, subsetSize, seed, score } = { ...FAITHFULNESS_CORRELATION_DEFAULTS, ...options };
  if (!Number.isInteger(runs) || runs < 2) throw new UsageError(`runs must be an integer >= 2 for a correlation, got ${runs}`);
  const { width, height, channels } = model.inputSpec;
  const values = mapAtInput(map, width, height);
  const uniform = mulberry32(seed);
  const zero = new Float32Array(image.length);
  const sums = new Float64Array(runs);
  const images: Float32Array[] = [image];
  for (let r = 0; r < runs; r++) {
    const subset = randomSubset(width * height, Math.min(subsetSize, width * height), uniform);
    for (const p of subset) sums[r] += values[p];
    images.push(withPixelsFrom(image, zero, subset, channels));
  }
  const scores = await classScores(model, images, target, { ...options, score });
  const drops = scores.subarray(1).map((s) => scores[0] - s);
  return pearson(sums, drops);
}
