/**
 * Grad-CAM++ — Chattopadhay et al., "Grad-CAM++: Generalized Gradient-Based Visual Explanations for Deep
 * Convolutional Networks", WACV 2018. With the exponential score of the paper (Eq. 19), the higher
 * derivatives are powers of the first, g, so
 *   alpha = g^2 / (2 g^2 + sum_ij(A) g^3),   weight_c = sum_ij alpha * relu(g)
 * (the exp(S) factor common to every channel is dropped, as pytorch-grad-cam does). Where g = 0, alpha = 0.
 * Stages: forwardMs the body, gradientMs the full head gradient, camMs the weights and channel sum.
 */
import * as tf from '@tensorflow/tfjs';
import { spatialAxesOf } from './axes.js';
import type { ChannelWeights } from './cam-core.js';

/** Keeps alpha finite where its denominator vanishes; pytorch-grad-cam's grad_cam_plusplus.py uses 1e-6. */
export const GRADCAM_PLUS_PLUS_EPSILON = 1e-6;

export const gradCamPlusPlusWeights: ChannelWeights = (activations, grads, channelAxis) => {
  const axes = spatialAxesOf(channelAxis);
  const g = grads.full();
  const g2 = tf.square(g);
  const g3 = tf.mul(g2, g);
  const sumA = tf.sum(activations, axes, true);
  const alpha = tf.div(g2, tf.add(tf.add(tf.mul(g2, 2), tf.mul(sumA, g3)), GRADCAM_PLUS_PLUS_EPSILON));
  const alphaWhereGradient = tf.where(tf.notEqual(g, 0), alpha, tf.zerosLike(alpha));
  return tf.sum(tf.mul(alphaWhereGradient, tf.relu(g)), axes) as tf.Tensor2D;
};
