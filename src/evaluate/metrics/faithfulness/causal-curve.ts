/**
 * The protocol shared by RISE's deletion and insertion metrics (Petsiuk, Das and Saenko, "RISE: Randomized
 * input sampling for explanation of black-box models", BMVC 2018): pixels move from a start image to an end
 * image in order of the map, `step` pixels at a time, and the target's score is read after every step.
 */
import type { Attribution } from '../../../attribution/types.js';
import type { ExplainableModel } from '../../../engines/types.js';
import { UsageError } from '../../../errors.js';
import { classScores, type ScoringOptions } from './class-scores.js';
import { stepCounts, trapezoid, type ScoreCurve } from './curve.js';
import { mapAtInput, mostRelevantFirst } from './input-map.js';
import { withPixelsFrom } from './pixels.js';

export interface CausalCurveOptions extends ScoringOptions {
  /** Pixels changed per step; default: one image row's worth (RISE uses 224 on 224x224 inputs). */
  step?: number;
}

export interface CausalCurveInput {
  model: ExplainableModel;
  start: Float32Array;
  end: Float32Array;
  map: Attribution | ArrayLike<number>;
  target: number;
}

export async function causalCurve(input: CausalCurveInput, options: CausalCurveOptions = {}): Promise<ScoreCurve> {
  const { width, height, channels } = input.model.inputSpec;
  const pixels = width * height;
  const step = options.step ?? width;
  if (!Number.isInteger(step) || step < 1) throw new UsageError(`step must be a positive whole number of pixels, got ${step}`);
  const order = mostRelevantFirst(mapAtInput(input.map, width, height));
  const counts = stepCounts(pixels, step);
  const images: Float32Array[] = [];
  let current = input.start;
  for (let k = 0; k < counts.length; k++) {
    if (k > 0) current = withPixelsFrom(current, input.end, order.subarray(counts[k - 1], counts[k]), channels);
    images.push(current);
  }
  const scores = await classScores(input.model, images, input.target, options);
  const fractions = Float64Array.from(counts, (c) => c / pixels);
  return { fractions, scores, auc: trapezoid(fractions, scores) };
}
