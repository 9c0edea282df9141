/**
 * XGrad-CAM — Fu et al., "Axiom-based Grad-CAM: Towards Accurate Visualization and Explanation of CNNs",
 * BMVC 2020. Channel weight = sum_ij(g * A) / sum_ij(A) (Eq. 11), the weights that best satisfy the
 * sensitivity and conservation axioms. Stages: forwardMs the body, gradientMs the full head gradient,
 * camMs the weights and channel sum.
 */
import * as tf from '@tensorflow/tfjs';
import { sumOverSpace } from './axes.js';
import type { ChannelWeights } from './cam-core.js';

/** Keeps the ratio finite for channels that sum to zero; pytorch-grad-cam's xgrad_cam.py uses 1e-7. */
export const XGRADCAM_EPSILON = 1e-7;

export const xGradCamWeights: ChannelWeights = (activations, grads, channelAxis) =>
  tf.div(sumOverSpace(tf.mul(grads.full(), activations), channelAxis), tf.add(sumOverSpace(activations, channelAxis), XGRADCAM_EPSILON));
