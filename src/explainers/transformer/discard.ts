/**
 * The discard ratio of Gildenblat's vit-explain (2020): before rollout, the weakest share of each fused
 * attention matrix is set to zero, which removes the near-uniform background attention that otherwise
 * washes the rolled-out map out.
 */
import * as tf from '@tensorflow/tfjs';
import { UsageError } from '../../errors.js';

/**
 * fused [N, T, T] with, per example, every weight below the (k+1)-th smallest set to zero, k =
 * floor(ratio * T * T): exactly k weights go when they are distinct. Weights tied at the cut-off are all
 * kept, since among equals there is no ground to choose which go (a uniform matrix is left whole). The
 * class token's attention to itself ([0, 0]) is never discarded, as in vit-explain.
 */
export function discardLowest(fused: tf.Tensor3D, ratio: number): tf.Tensor3D {
  if (!(ratio >= 0 && ratio < 1)) throw new UsageError(`discard ratio must be in [0, 1); got ${String(ratio)}`);
  const [n, t] = fused.shape;
  const k = Math.floor(ratio * t * t);
  if (k === 0) return fused;
  return tf.tidy(() => {
    const flat = tf.reshape(fused, [n, t * t]);
    // The (k+1) smallest of each row are the (k+1) largest of its negation; the last of them is the cut-off.
    const lowest = tf.topk(tf.neg(flat), k + 1).values;
    const cutoff = tf.neg(tf.slice(lowest, [0, k], [n, 1]));
    const isClassSelf = tf.oneHot(tf.tensor1d([0], 'int32'), t * t).cast('bool');
    const keep = tf.logicalOr(tf.greaterEqual(flat, cutoff), isClassSelf);
    return tf.reshape(tf.where(keep, flat, tf.zerosLike(flat)), [n, t, t]);
  });
}
