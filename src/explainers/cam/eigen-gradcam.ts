/**
 * EigenGrad-CAM — Eigen-CAM (Muhammad & Yeasin, IJCNN 2020) applied to g ⊙ A instead of A, as in
 * pytorch-grad-cam's EigenGradCAM: the first principal component of the gradient-weighted activations,
 * which makes the map class-specific. Stages: forwardMs the body, gradientMs the full head gradient,
 * camMs the product, power iteration and projection.
 */
import * as tf from '@tensorflow/tfjs';
import type { CamFormula } from './cam-core.js';
import { firstComponentProjection } from './principal-projection.js';

export const eigenGradCam: CamFormula = (activations, grads, channelAxis) =>
  firstComponentProjection(tf.mul(grads.full(), activations), channelAxis);
