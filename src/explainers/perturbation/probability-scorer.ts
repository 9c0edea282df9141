/**
 * The one way perturbation methods query the model: a batch of perturbed inputs in, the softmax
 * probabilities of the explained classes out. Model calls go through `ExplainableModel.predict`, so every
 * engine serves; their time is what the pipeline reports as the forward stage.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExplainableModel } from '../../engines/types.js';
import { blend } from './blend.js';

export class ProbabilityScorer {
  /** Time spent in model calls so far. */
  forwardMs = 0;
  /** Largest tensor memory seen while a model call's output was alive. */
  peakTensorBytes = 0;

  constructor(private readonly model: ExplainableModel) {}

  /** Logits of the batch, row-major [N, classes]. */
  async logits(batch: tf.Tensor4D): Promise<Float32Array> {
    const t0 = performance.now();
    const out = await this.model.predict(batch);
    try {
      this.peakTensorBytes = Math.max(this.peakTensorBytes, tf.memory().numBytes);
      return (await out.data()) as Float32Array;
    } finally {
      out.dispose();
      this.forwardMs += performance.now() - t0;
    }
  }

  /** Softmax probabilities of `classes` for each example, row-major [N, classes.length]. */
  async probabilities(batch: tf.Tensor4D, classes: readonly number[]): Promise<Float32Array> {
    const logits = await this.logits(batch);
    return selectedProbabilities(logits, batch.shape[0], classes);
  }

  /** `probabilities` of the perturbed batch `blend(image, keep, fill)`, which is freed afterwards. */
  async blendedProbabilities(image: tf.Tensor4D, keep: Float32Array, fill: number | tf.Tensor4D, classes: readonly number[]): Promise<Float32Array> {
    const x = blend(image, keep, fill);
    try {
      return await this.probabilities(x, classes);
    } finally {
      x.dispose();
    }
  }
}

/** Softmax of each row of [n, C] logits, keeping only the columns `classes`; row-major [n, classes.length]. */
export function selectedProbabilities(logits: Float32Array, n: number, classes: readonly number[]): Float32Array {
  const numClasses = logits.length / n;
  const out = new Float32Array(n * classes.length);
  for (let i = 0; i < n; i++) {
    const row = logits.subarray(i * numClasses, (i + 1) * numClasses);
    let max = -Infinity;
    for (const v of row) max = Math.max(max, v);
    let sum = 0;
    for (const v of row) sum += Math.exp(v - max);
    classes.forEach((c, j) => {
      out[i * classes.length + j] = Math.exp(row[c] - max) / sum;
    });
  }
  return out;
}
