/**
 * Ablation-CAM — Desai & Ramaswamy, "Ablation-CAM: Visual Explanations for Deep Convolutional Network via
 * Gradient-free Localization", WACV 2020. Channel weight = (y - y_k) / y (Eq. 3), where y is the target's
 * score and y_k the score with channel k of the layer set to zero. Only the head runs on the ablated
 * copies, `batchSize` copies per call; no gradient is taken.
 * Stages: forwardMs the body, gradientMs 0, camMs the C ablated head passes per target and the channel sum.
 */
import * as tf from '@tensorflow/tfjs';
import type { ChannelWeights, HeadProbe } from './cam-core.js';

export const ablationCamWeights: ChannelWeights = (activations, _grads, channelAxis, probe) => {
  const rows = probe.classes.map((cls, r) => tf.tidy(() => rowWeights(tf.slice(activations, r, 1), cls, channelAxis, probe)));
  return tf.stack(rows) as tf.Tensor2D;
};

/** (y - y_k) / y for every channel k of one example [1, ...], [C]. */
function rowWeights(example: tf.Tensor4D, classIndex: number, channelAxis: 1 | 3, probe: HeadProbe): tf.Tensor1D {
  const channels = example.shape[channelAxis];
  const y = probe.score(example, classIndex);
  const ablated: tf.Tensor1D[] = [];
  for (let k0 = 0; k0 < channels; k0 += probe.batchSize) {
    const k1 = Math.min(k0 + probe.batchSize, channels);
    ablated.push(tf.tidy(() => probe.score(withoutChannels(example, k0, k1, channelAxis), classIndex)));
  }
  return tf.div(tf.sub(y, tf.concat(ablated)), y) as tf.Tensor1D;
}

/** Copies k0..k1-1 of one example [1, ...], copy j with channel k0 + j set to zero: [k1 - k0, ...]. */
function withoutChannels(example: tf.Tensor4D, k0: number, k1: number, channelAxis: 1 | 3): tf.Tensor4D {
  const channels = example.shape[channelAxis];
  const keep = tf.sub(1, tf.oneHot(tf.range(k0, k1, 1, 'int32'), channels).toFloat());
  const shape: [number, number, number, number] = channelAxis === 3 ? [k1 - k0, 1, 1, channels] : [k1 - k0, channels, 1, 1];
  return tf.mul(example, keep.reshape(shape));
}
