/**
 * Gradient × input for sequence models — Shrikumar et al. 2016 ("Not Just a Black Box"), as Captum's
 * InputXGradient: the target output's gradient with respect to each input value, times that value. For a
 * model linear in its input (no bias) the per-feature values add up exactly to the target output.
 *
 * The per-step view sums the signed [T, F] values over features: how much step t as a whole pushed the
 * target up (positive) or down (negative). Summing signed values rather than magnitudes keeps that additive
 * reading, at the price that two features pulling opposite ways at one step cancel; `perFeature` keeps both.
 *
 * The gradient runs through the whole recurrence (backpropagation through time) in TF.js; LSTM, GRU and
 * bidirectional layers all have the kernels it needs on the wasm and cpu backends.
 */
import * as tf from '@tensorflow/tfjs';
import { rethrowMissingKernel } from '../missing-kernel.js';
import { requireSequence, type SequenceInput } from './sequence-input.js';
import { sequenceAttribution, sumOverFeatures, type SequenceExplanation } from './sequence-explanation.js';
import type { SequenceFunction } from './sequence-function.js';
import { resolveTarget } from './target.js';

export interface SequenceGradientOptions {
  /** Output to explain; the largest output (the predicted class) when omitted. */
  target?: number;
}

export async function sequenceGradientXInput(
  f: SequenceFunction,
  input: SequenceInput,
  options: SequenceGradientOptions = {},
): Promise<SequenceExplanation> {
  const { values, steps, features } = requireSequence(input);
  const outputs = await forwardOnce(f, input);
  const target = resolveTarget(options.target, outputs);
  let product: tf.Tensor;
  try {
    product = tf.tidy(() => {
      const x = tf.tensor3d(values, [1, steps, features]);
      // A slice, not tf.gather: gather's gradient needs UnsortedSegmentSum, which the wasm backend lacks.
      const targetOf = (z: tf.Tensor): tf.Scalar => tf.sum(tf.slice(f(z as tf.Tensor3D), [0, target], [-1, 1]));
      return tf.mul(tf.grad(targetOf)(x), x);
    });
  } catch (e) {
    rethrowMissingKernel(e, 'gradients through this sequence model', 'try --backend cpu, or the occlusion explainer');
  }
  const perFeature = Float32Array.from(await product.data());
  product.dispose();
  return {
    attribution: sequenceAttribution(sumOverFeatures(perFeature, steps, features)),
    perFeature,
    steps,
    features,
    target,
    score: outputs[target],
    method: 'gradient-x-input',
  };
}

async function forwardOnce(f: SequenceFunction, { values, steps, features }: SequenceInput): Promise<Float32Array> {
  const out = tf.tidy(() => f(tf.tensor3d(values, [1, steps, features])));
  try {
    return Float32Array.from(await out.data());
  } finally {
    out.dispose();
  }
}
