import * as tf from '@tensorflow/tfjs';
import { rethrowMissingKernel } from '../missing-kernel.js';
import type { ScoreKind } from '../cam/cam-core.js';
import type { ModelFunction } from './model-function.js';

/** What an input-gradient method works on: per row, an image and the class it explains. */
export interface GradientRows {
  f: ModelFunction;
  /** The image of each row, [M, H, W, C], in model space. */
  inputs: tf.Tensor4D;
  /** The class of each row, one-hot [M, classes]. */
  oneHot: tf.Tensor2D;
  score: ScoreKind;
  /** Points differentiated per model call. */
  batchSize: number;
  /** Called right after each backward pass, where tensor memory peaks. */
  notePeak(): void;
}

/** Points around one row's image (a path, a noise cloud) and the weight of each point's gradient. */
export interface PointSet {
  count: number;
  weights: Float32Array;
  /** Points [start, end) as a batch. Called inside a tidy, for consecutive ranges in ascending order. */
  at(start: number, end: number): tf.Tensor4D;
}

type Transform = (g: tf.Tensor4D) => tf.Tensor4D;
const unchanged: Transform = (g) => g;

/**
 * d score / d x for every point; row m of `oneHot` names point m's class. Examples are independent in the
 * model, so the gradient of the summed scores gives each point its own gradient in one backward pass.
 * Call inside a tidy: a failed tf.grad leaves its tensors allocated.
 */
export function scoreGradient(f: ModelFunction, points: tf.Tensor4D, oneHot: tf.Tensor2D, score: ScoreKind): tf.Tensor4D {
  const scoreOf = (x: tf.Tensor): tf.Scalar => {
    const out = f(x as tf.Tensor4D);
    return tf.sum(tf.mul(score === 'probability' ? tf.softmax(out) : out, oneHot));
  };
  try {
    return tf.grad(scoreOf)(points) as tf.Tensor4D;
  } catch (e) {
    rethrowMissingKernel(e, 'gradients back to the input', 'use --backend cpu');
  }
}

/** transform(gradient) of every row at its own image, `batchSize` rows per backward pass: [M, H, W, C]. */
export function rowGradients(rows: GradientRows, transform: Transform = unchanged): tf.Tensor4D {
  const m = rows.inputs.shape[0];
  const parts: tf.Tensor4D[] = [];
  for (let start = 0; start < m; start += rows.batchSize) {
    const size = Math.min(rows.batchSize, m - start);
    parts.push(
      tf.tidy(() => {
        const points = tf.slice(rows.inputs, [start, 0, 0, 0], [size, -1, -1, -1]);
        const g = transform(scoreGradient(rows.f, points, tf.slice(rows.oneHot, [start, 0], [size, -1]), rows.score));
        rows.notePeak();
        return g;
      }),
    );
  }
  if (parts.length === 1) return parts[0];
  const all = tf.concat(parts);
  tf.dispose(parts);
  return all;
}

/**
 * sum_k weights[k] * transform(gradient at point k) for row `row`, [1, H, W, C]. Each model call's
 * tensors die in its own tidy: only the running sum outlives it, so memory does not grow with the points.
 */
export function weightedGradientSum(rows: GradientRows, row: number, points: PointSet, transform: Transform = unchanged): tf.Tensor4D {
  const [, h, w, c] = rows.inputs.shape;
  let sum: tf.Tensor4D | undefined;
  for (let start = 0; start < points.count; start += rows.batchSize) {
    const end = Math.min(points.count, start + rows.batchSize);
    const next = tf.tidy(() => {
      const oneHot = tf.tile(tf.slice(rows.oneHot, [row, 0], [1, -1]), [end - start, 1]);
      const g = transform(scoreGradient(rows.f, points.at(start, end), oneHot, rows.score));
      rows.notePeak();
      const weights = tf.tensor2d(points.weights.subarray(start, end), [1, end - start]);
      const part = tf.matMul(weights, tf.reshape(g, [end - start, h * w * c])).reshape([1, h, w, c]) as tf.Tensor4D;
      return sum ? (tf.add(sum, part) as tf.Tensor4D) : part;
    });
    sum?.dispose();
    sum = next;
  }
  if (!sum) throw new Error('internal: a point set with no points');
  return sum;
}
