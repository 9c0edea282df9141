/**
 * LayerCAM — Jiang et al., "LayerCAM: Exploring Hierarchical Class Activation Maps for Localization",
 * IEEE TIP 2021. The map is sum_c relu(g) ⊙ A (Eq. 5-6): only positive gradients weigh each position.
 * Stages: forwardMs the body, gradientMs the full head gradient, camMs the product and channel sum.
 */
import * as tf from '@tensorflow/tfjs';
import { sumOverChannels } from './axes.js';
import type { CamFormula } from './cam-core.js';

export const layerCam: CamFormula = (activations, grads, channelAxis) => sumOverChannels(tf.mul(tf.relu(grads.full()), activations), channelAxis);
