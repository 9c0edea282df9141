/**
 * Input x Gradient — Shrikumar, Greenside, Shcherbina & Kundaje, "Not Just a Black Box: Learning Important
 * Features Through Propagating Activation Differences", arXiv:1605.01713, 2016: each input value times the
 * score's gradient there, x ⊙ d S_c / d x (Captum's InputXGradient), summed over a pixel's channels. The
 * sum is signed; after the pipeline's ReLU the map shows the positive evidence for the class.
 */
import * as tf from '@tensorflow/tfjs';
import { inputGradientMethod, type InputAttribution } from './gradient-core.js';
import { rowGradients } from './score-gradient.js';

export const inputXGradientAttribution: InputAttribution = (rows) => tf.mul(rows.inputs, rowGradients(rows));

export const INPUT_X_GRADIENT = inputGradientMethod({
  name: 'input-x-gradient',
  description: 'Input x Gradient (Shrikumar et al. 2016): input times the gradient of the score, summed over channels',
  attribute: inputXGradientAttribution,
  channels: 'sum',
});
