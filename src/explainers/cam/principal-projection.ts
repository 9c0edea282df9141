import * as tf from '@tensorflow/tfjs';
import { firstRightSingularVectors, type PowerIterationOptions } from './power-iteration.js';

/**
 * Each example's 4-D field [M, ...] seen as a [positions, channels] matrix, centred per channel and
 * projected on its first principal component: [M, H, W]. The component's sign is arbitrary, so it is chosen
 * to make the map correlate positively with the channel mean at each position (the field's own "where is it
 * large"); a zero correlation keeps the iteration's sign.
 */
export function firstComponentProjection(field: tf.Tensor4D, channelAxis: 1 | 3, options: PowerIterationOptions = {}): tf.Tensor3D {
  return tf.tidy(() => {
    const nhwc = channelAxis === 3 ? field : tf.transpose(field, [0, 2, 3, 1]);
    const [m, h, w, c] = nhwc.shape;
    const x = nhwc.reshape([m, h * w, c]) as tf.Tensor3D;
    const centred = tf.sub(x, tf.mean(x, 1, true)) as tf.Tensor3D;
    const v = firstRightSingularVectors(centred, options);
    const projection = tf.matMul(centred, v.reshape([m, c, 1])).reshape([m, h * w]);
    const channelMean = tf.mean(x, 2);
    const covariance = tf.sum(tf.mul(projection, tf.sub(channelMean, tf.mean(channelMean, 1, true))), 1, true);
    const sign = tf.where(tf.less(covariance, 0), tf.fill(covariance.shape, -1), tf.onesLike(covariance));
    return tf.mul(projection, sign).reshape([m, h, w]) as tf.Tensor3D;
  });
}
