/**
 * HiResCAM — Draelos & Carin, "Use HiResCAM instead of Grad-CAM for faithful explanations of
 * convolutional neural networks", 2020 (arXiv:2011.08891). The map is sum_c g ⊙ A: the gradient is not
 * averaged over space first, so each position keeps its own weight. Stages: forwardMs the body,
 * gradientMs the full head gradient, camMs the element-wise product and channel sum.
 */
import * as tf from '@tensorflow/tfjs';
import { sumOverChannels } from './axes.js';
import type { CamFormula } from './cam-core.js';

export const hiResCam: CamFormula = (activations, grads, channelAxis) => sumOverChannels(tf.mul(grads.full(), activations), channelAxis);
