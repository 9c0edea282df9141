/**
 * Pixel flipping with MoRF and LeRF orders (Samek, Binder, Montavon, Lapuschkin and Müller, "Evaluating the
 * visualization of what a deep neural network has learned", IEEE TNNLS 2017): pixels are replaced by
 * uniform samples over the image's value range, most relevant first (MoRF) or least relevant first (LeRF),
 * and AOPC = mean over the L+1 points of (f(x) - f(x_k)). A faithful map gives a high MoRF AOPC and a low
 * LeRF AOPC. Simplified from the paper: single pixels are flipped instead of 9x9 regions, and the steps
 * run over the whole image.
 */
import { mulberry32 } from '../../../attribution/random.js';
import type { Attribution } from '../../../attribution/types.js';
import type { ExplainableModel } from '../../../engines/types.js';
import { UsageError } from '../../../errors.js';
import { assertExample, classScores, type ScoringOptions } from './class-scores.js';
import { stepCounts, trapezoid, type ScoreCurve } from './curve.js';
import { mapAtInput, mostRelevantFirst } from './input-map.js';
import { valueRange, withPixelsFrom } from './pixels.js';

/** Samek et al. 2017 run L = 100 perturbation steps. */
export const PIXEL_FLIPPING_DEFAULTS = { steps: 100, seed: 0 };

export type FlipOrder = 'morf' | 'lerf';

export interface PixelFlippingOptions extends ScoringOptions {
  order?: FlipOrder;
  steps?: number;
  seed?: number;
}

export interface PixelFlippingResult extends ScoreCurve {
  /** Area over the perturbation curve: mean of f(x) - f(x_k) over every point, k = 0..L. */
  aopc: number;
}

export async function pixelFlipping(
  model: ExplainableModel,
  image: Float32Array,
  map: Attribution | ArrayLike<number>,
  target: number,
  options: PixelFlippingOptions = {},
): Promise<PixelFlippingResult> {
  assertExample(model, image, target);
  const { order = 'morf', steps = PIXEL_FLIPPING_DEFAULTS.steps, seed = PIXEL_FLIPPING_DEFAULTS.seed } = options;
  if (!Number.isInteger(steps) || steps < 1) throw new UsageError(`steps must be a positive integer, got ${steps}`);
  const { width, height, channels } = model.inputSpec;
  const pixels = width * height;
  const ranked = mostRelevantFirst(mapAtInput(map, width, height));
  const flipped = order === 'morf' ? ranked : ranked.slice().reverse();
  const [lo, hi] = valueRange(image);
  const uniform = mulberry32(seed);
  const noise = Float32Array.from(image, () => lo + (hi - lo) * uniform());
  const counts = stepCounts(pixels, Math.ceil(pixels / steps));
  const images: Float32Array[] = [image];
  for (let k = 1; k < counts.length; k++) {
    images.push(withPixelsFrom(images[k - 1], noise, flipped.subarray(counts[k - 1], counts[k]), channels));
  }
  const scores = await classScores(model, images, target, options);
  const fractions = Float64Array.from(counts, (c) => c / pixels);
  const aopc = scores.reduce((sum, s) => sum + (scores[0] - s), 0) / scores.length;
  return { fractions, scores, auc: trapezoid(fractions, scores), aopc };
}
