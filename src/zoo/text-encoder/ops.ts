/**
 * The few tensor operations an encoder block is made of, over [N, T, D] token streams. Every matrix product
 * goes through `matMulPlainGradient`, whose backward pass avoids the transposed products the wasm backend runs
 * on a slow path (training, gradient rollout and token Grad-CAM all take that backward pass).
 */
import * as tf from '@tensorflow/tfjs';
import { matMulPlainGradient } from '../vit-matmul.js';

export interface DenseWeights {
  kernel: tf.Tensor2D;
  bias: tf.Tensor1D;
}

export interface LayerNormWeights {
  gamma: tf.Tensor1D;
  beta: tf.Tensor1D;
}

export function layerNorm(x: tf.Tensor3D, w: LayerNormWeights, epsilon: number): tf.Tensor3D {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon))), w.gamma), w.beta);
}

/** x [N, T, in] -> [N, T, out], as one 2-D matMul. */
export function dense3d(x: tf.Tensor3D, w: DenseWeights): tf.Tensor3D {
  const [n, t, d] = x.shape;
  const y = tf.add(matMulPlainGradient(tf.reshape(x, [n * t, d]), w.kernel), w.bias);
  return tf.reshape(y, [n, t, w.kernel.shape[1]]);
}

export function dense2d(x: tf.Tensor2D, w: DenseWeights): tf.Tensor2D {
  return tf.add(matMulPlainGradient(x, w.kernel), w.bias);
}

/** a [N, H, M, K] x b [N, H, K, P] -> [N, H, M, P], batched over N·H. */
export function headMatMul(a: tf.Tensor4D, b: tf.Tensor4D): tf.Tensor4D {
  const [n, h, m, k] = a.shape;
  const p = b.shape[3];
  return tf.reshape(matMulPlainGradient(tf.reshape(a, [n * h, m, k]), tf.reshape(b, [n * h, k, p])), [n, h, m, p]);
}

/** The exact GELU, 0.5 x (1 + erf(x / sqrt 2)): BERT's "gelu" (Hendrycks & Gimpel 2016), not the tanh fit. */
export function gelu(x: tf.Tensor3D): tf.Tensor3D {
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1));
}

/**
 * Added to the attention scores of padded keys. Large enough that their softmax weight underflows to exactly
 * zero in float32, small enough to stay finite after adding a score.
 */
export const MASKED_SCORE = -1e9;

/** A [N, T] mask of ones (real tokens) and zeros (padding) as additive scores [N, 1, 1, T], for every head and query. */
export function additiveKeyMask(mask: tf.Tensor2D): tf.Tensor4D {
  const [n, t] = mask.shape;
  return tf.reshape(tf.mul(tf.sub(1, mask), MASKED_SCORE), [n, 1, 1, t]);
}

/**
 * Rows of `table` [V, D] at `ids` [N, T] -> [N, T, D], as tf.gather, with a gradient the wasm backend can run:
 * TF.js's own gather gradient needs UnsortedSegmentSum, which wasm lacks, so the table's gradient is formed
 * as oneHot(ids)ᵀ · dy instead (V x N·T x D; only training asks for it, the explainers never do).
 */
export function embeddingLookup(table: tf.Tensor2D, ids: tf.Tensor2D): tf.Tensor3D {
  const [n, t] = ids.shape;
  const [vocab, width] = table.shape;
  // The ids reach the gradient through `save`, which keeps them past the forward's tidy.
  const lookup = tf.customGrad((rows: tf.Tensor | tf.GradSaveFunc, save: tf.Tensor | tf.GradSaveFunc) => {
    (save as tf.GradSaveFunc)([ids]);
    return {
      value: tf.gather(rows as tf.Tensor, ids),
      gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => {
        const hot = tf.transpose(tf.oneHot(tf.reshape(saved, [n * t]), vocab).toFloat());
        return tf.matMul(hot, tf.reshape(dy, [n * t, width]));
      },
    };
  });
  return lookup(table) as tf.Tensor3D;
}
