import * as tf from '@tensorflow/tfjs';

/**
 * Spread of the per-image contrast (log-normal gain) and per-channel brightness (offset) of the noise
 * images. Statistics gathered over images that differ in both cover darker, brighter, flatter and harsher
 * inputs; gathered over look-alike images they left EfficientNet-B0's logits 100 times larger on inputs
 * with another texture.
 */
export const CONTRAST_LOG_STD = 0.5;
export const BRIGHTNESS_STD = 0.5;

/**
 * A batch of seeded noise images with equal energy in every octave of spatial frequency, the 1/f amplitude
 * spectrum of natural images (Field 1987), normalised like a preprocessed photo and then given each its own
 * contrast and brightness. White noise would stand for inputs with no spatial structure, unlike any photo.
 */
export function naturalNoiseImages(batch: number, size: number, channels: number, seed: number): tf.Tensor4D {
  return tf.tidy(() => {
    let sum = tf.zeros([batch, size, size, channels]) as tf.Tensor4D;
    for (let side = size, octave = 0; side >= 1; side = Math.floor(side / 2), octave++) {
      const coarse = tf.randomNormal([batch, side, side, channels], 0, 1, 'float32', seed + octave) as tf.Tensor4D;
      sum = tf.add(sum, tf.image.resizeBilinear(coarse, [size, size])) as tf.Tensor4D;
    }
    const { mean, variance } = tf.moments(sum);
    const normalised = tf.div(tf.sub(sum, mean), tf.sqrt(variance));
    const contrast = tf.exp(tf.randomNormal([batch, 1, 1, 1], 0, CONTRAST_LOG_STD, 'float32', seed - 1));
    const brightness = tf.randomNormal([batch, 1, 1, channels], 0, BRIGHTNESS_STD, 'float32', seed - 2);
    return tf.add(tf.mul(normalised, contrast), brightness) as tf.Tensor4D;
  });
}
