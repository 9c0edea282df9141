import * as tf from '@tensorflow/tfjs';

/**
 * The perturbed batch every perturbation method feeds the model: image * keep + fill * (1 - keep), with one
 * keep mask (1 = original pixel, 0 = fill) per example applied to all channels.
 *
 * @param image  [1, H, W, C] in model-input space
 * @param keep   B masks of H*W values in [0, 1], concatenated
 * @param fill   a scalar in model-input space, or a [1, H, W, C] image of fill values
 */
export function blend(image: tf.Tensor4D, keep: Float32Array, fill: number | tf.Tensor4D): tf.Tensor4D {
  const [, h, w] = image.shape;
  const b = keep.length / (h * w);
  if (!Number.isInteger(b)) throw new Error(`internal: ${keep.length} mask values are not a whole number of ${h}x${w} masks`);
  return tf.tidy(() => {
    const m = tf.tensor4d(keep, [b, h, w, 1]);
    const kept = tf.mul(image, m);
    const filled = tf.mul(fill, tf.sub(1, m));
    return tf.add(kept, filled) as tf.Tensor4D;
  });
}

/** Start indices and sizes of consecutive chunks of at most `size` out of `count`. */
export function chunks(count: number, size: number): Array<{ start: number; size: number }> {
  const out: Array<{ start: number; size: number }> = [];
  for (let start = 0; start < count; start += size) out.push({ start, size: Math.min(size, count - start) });
  return out;
}
