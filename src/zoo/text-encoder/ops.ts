/**
 * The operations only the text encoder needs: padding masks and the embedding lookup. The block operations
 * it shares with the ViT are in `../transformer-ops.ts`.
 */
import * as tf from '@tensorflow/tfjs';

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
