/**
 * Saliency — Simonyan, Vedaldi & Zisserman, "Deep Inside Convolutional Networks: Visualising Image
 * Classification Models and Saliency Maps", ICLR Workshop 2014, Sec. 3.1: the magnitude of the score's
 * gradient with respect to the input pixels, |d S_c / d x|, and for a colour image the largest magnitude
 * over its channels. Captum's Saliency (abs = true) gives the per-channel magnitudes. The map is unsigned:
 * the pipeline's ReLU leaves it as it is.
 */
import * as tf from '@tensorflow/tfjs';
import { inputGradientMethod, type InputAttribution } from './gradient-core.js';
import { rowGradients } from './score-gradient.js';

export const saliencyAttribution: InputAttribution = (rows) => rowGradients(rows, (g) => tf.abs(g));

export const SALIENCY = inputGradientMethod({
  name: 'saliency',
  description: 'Saliency (Simonyan et al. 2014): |gradient of the score| at each pixel, largest over channels',
  attribute: saliencyAttribution,
  channels: 'max',
});
