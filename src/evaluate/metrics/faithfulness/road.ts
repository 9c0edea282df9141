/**
 * ROAD, RemOve And Debias (Rong et al., ICML 2022): for each share of pixels, the most (MoRF) or least
 * (LeRF) relevant ones are removed and imputed with noisy linear imputation (simplified, see
 * noisy-imputation.ts), and the target's score is read. The paper retrains nothing and reads accuracy over
 * a data set; per image, the score curve stands in for accuracy. A faithful map gives a low MoRF mean
 * score and a high LeRF mean score.
 */
import type { Attribution } from '../../../attribution/types.js';
import type { ExplainableModel } from '../../../engines/types.js';
import { UsageError } from '../../../errors.js';
import { assertExample, classScores, type ScoringOptions } from './class-scores.js';
import type { FlipOrder } from './pixel-flipping.js';
import { mapAtInput, mostRelevantFirst } from './input-map.js';
import { noisyLinearImputation, ROAD_NOISE_STD } from './noisy-imputation.js';

/** Rong et al. 2022 remove 10%, 20%, ... 90% of the pixels. */
export const ROAD_FRACTIONS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

export interface RoadOptions extends ScoringOptions {
  order?: FlipOrder;
  fractions?: number[];
  noiseStd?: number;
  seed?: number;
}

export interface RoadResult {
  fractions: Float64Array;
  /** The target's score with each share of pixels removed and imputed. */
  scores: Float64Array;
  /** Mean of the scores over the fractions. */
  mean: number;
}

export async function road(
  model: ExplainableModel,
  image: Float32Array,
  map: Attribution | ArrayLike<number>,
  target: number,
  options: RoadOptions = {},
): Promise<RoadResult> {
  assertExample(model, image, target);
  const { order = 'morf', fractions = ROAD_FRACTIONS, noiseStd = ROAD_NOISE_STD, seed = 0 } = options;
  for (const f of fractions) if (!(f >= 0 && f <= 1)) throw new UsageError(`ROAD fractions must lie in [0, 1], got ${f}`);
  const grid = model.inputSpec;
  const pixels = grid.width * grid.height;
  const ranked = mostRelevantFirst(mapAtInput(map, grid.width, grid.height));
  const removedFirst = order === 'morf' ? ranked : ranked.slice().reverse();
  const images = fractions.map((f, k) => {
    const removed = new Uint8Array(pixels);
    for (const p of removedFirst.subarray(0, Math.round(f * pixels))) removed[p] = 1;
    return noisyLinearImputation(image, removed, grid, seed + k, noiseStd);
  });
  const scores = await classScores(model, images, target, options);
  return { fractions: Float64Array.from(fractions), scores, mean: scores.reduce((a, b) => a + b, 0) / scores.length };
}
