import * as tf from '@tensorflow/tfjs';
import type { ExplainableModel } from '../../../engines/types.js';
import { UsageError } from '../../../errors.js';

/** What the faithfulness curves follow: the softmax probability (as RISE and pytorch-grad-cam do) or the logit. */
export type CurveScore = 'probability' | 'logit';

export interface ScoringOptions {
  score?: CurveScore;
  /** Perturbed images per forward pass. */
  batchSize?: number;
}

/** Petsiuk et al. 2018 report probabilities; 16 images of 224x224x3 per pass keep memory modest. */
export const SCORING_DEFAULTS: Required<ScoringOptions> = { score: 'probability', batchSize: 16 };

/** One example's NHWC values and the class whose score the metric follows, checked against the model. */
export function assertExample(model: ExplainableModel, image: Float32Array, target: number): void {
  const { height, width, channels } = model.inputSpec;
  if (image.length !== height * width * channels) {
    throw new UsageError(`the image must hold ${height}x${width}x${channels} values for this model, got ${image.length}`);
  }
  if (!Number.isInteger(target) || target < 0 || target >= model.numClasses) {
    throw new UsageError(`target class must be an integer in 0..${model.numClasses - 1}, got ${target}`);
  }
}

/** The target class's score for each image (NHWC, one example each), the images run in batches. */
export async function classScores(
  model: ExplainableModel,
  images: Float32Array[],
  target: number,
  options: ScoringOptions = {},
): Promise<Float64Array> {
  const { score, batchSize } = { ...SCORING_DEFAULTS, ...options };
  const { height, width, channels } = model.inputSpec;
  const size = height * width * channels;
  const out = new Float64Array(images.length);
  for (let start = 0; start < images.length; start += batchSize) {
    const chunk = images.slice(start, start + batchSize);
    const flat = new Float32Array(chunk.length * size);
    chunk.forEach((image, i) => flat.set(image, i * size));
    const batch = tf.tensor4d(flat, [chunk.length, height, width, channels]);
    const logits = await model.predict(batch);
    batch.dispose();
    const scores = tf.tidy(() => {
      const all = score === 'probability' ? tf.softmax(logits) : logits;
      return tf.slice(all, [0, target], [-1, 1]).dataSync();
    });
    logits.dispose();
    out.set(scores, start);
  }
  return out;
}
