import * as tf from '@tensorflow/tfjs';
import type { ModelSplit } from '../../engines/types.js';
import { rethrowMissingKernel } from '../missing-kernel.js';
import type { ScoreKind } from './cam-core.js';

/** The targets of one head pass: row m explains class cols[m] of the activations in row m. */
export interface HeadTargets {
  /** One-hot rows [M, classes]. */
  oneHot: tf.Tensor2D;
  /** The same classes as indices, when known: a logit's closed-form gradient is then one row of W^T. */
  classes?: readonly number[];
  /** Logits of each row's image [M, classes]; made only when a probability score needs them. */
  logits: () => tf.Tensor2D;
}

/**
 * d score / d activations for every row. `spatialMean` ([M, C]) is all Grad-CAM needs; `full` gives the
 * whole field ([M, ...activations]) for methods that weigh positions. Both are created on first use.
 */
export interface GradientField {
  full(): tf.Tensor4D;
  spatialMean(): tf.Tensor2D;
}

/**
 * The score's gradient through the head only. A pooled-linear head gets the closed form, constant over
 * space, with no backward pass; any other head is differentiated by TF.js autodiff.
 */
export function headGradient(split: ModelSplit, activations: tf.Tensor4D, targets: HeadTargets, score: ScoreKind): GradientField {
  const channelAxis = split.layer.channelAxis;
  const spatialAxes = channelAxis === 3 ? [1, 2] : [2, 3];
  if (split.pooledLinear) {
    const perPosition = pooledLinearPerChannel(split.pooledLinear.weightsT, activations, channelAxis, targets, score);
    let full: tf.Tensor4D | undefined;
    return {
      spatialMean: () => perPosition,
      full: () => (full ??= broadcastOverSpace(perPosition, activations, channelAxis)),
    };
  }
  const grads = autodiffGradient(split, activations, targets, score);
  let mean: tf.Tensor2D | undefined;
  return { full: () => grads, spatialMean: () => (mean ??= tf.mean(grads, spatialAxes) as tf.Tensor2D) };
}

export function autodiffGradient(split: ModelSplit, activations: tf.Tensor4D, targets: HeadTargets, score: ScoreKind): tf.Tensor4D {
  const scoreOf = (a: tf.Tensor): tf.Scalar => {
    const out = split.head(a as tf.Tensor4D);
    const s = score === 'probability' ? tf.softmax(out) : out;
    return tf.sum(tf.mul(s, targets.oneHot));
  };
  try {
    return tf.grad(scoreOf)(activations) as tf.Tensor4D;
  } catch (e) {
    // wasm has no filter-gradient kernels, which layers the engines do not compile themselves may still reach.
    rethrowMissingKernel(e, `the gradient at layer '${split.layer.name}'`, 'choose a later layer or use --backend cpu');
  }
}

/**
 * logits = mean_{h,w}(A) W + b, so d logit_c / dA[h, w, :] = W[:, c] / (H*W) at every position. For a
 * probability score, d p_c / d logits = p_c (e_c - p), and the chain rule gives (p_c (e_c - p)) W^T / (H*W).
 */
export function pooledLinearGradient(
  weightsT: tf.Tensor2D,
  activations: tf.Tensor4D,
  channelAxis: 1 | 3,
  targets: HeadTargets,
  score: ScoreKind,
): tf.Tensor4D {
  return tf.tidy(() => broadcastOverSpace(pooledLinearPerChannel(weightsT, activations, channelAxis, targets, score), activations, channelAxis));
}

/** The gradient at every position of a pooled-linear head, [M, C] (the same at each position). */
function pooledLinearPerChannel(
  weightsT: tf.Tensor2D,
  activations: tf.Tensor4D,
  channelAxis: 1 | 3,
  targets: HeadTargets,
  score: ScoreKind,
): tf.Tensor2D {
  return tf.tidy(() => {
    const [, d1, d2, d3] = activations.shape;
    const area = channelAxis === 3 ? d1 * d2 : d2 * d3;
    if (score === 'logit' && targets.classes) {
      // d logit_c / d pooled = W[:, c]: a row lookup instead of a [M, classes] x [classes, C] product.
      return tf.div(tf.gather(weightsT, tf.tensor1d(targets.classes as number[], 'int32')), area) as tf.Tensor2D;
    }
    let dLogits: tf.Tensor2D = targets.oneHot;
    if (score === 'probability') {
      const p = tf.softmax(targets.logits());
      const pc = tf.sum(tf.mul(p, targets.oneHot), 1, true);
      dLogits = tf.mul(pc, tf.sub(targets.oneHot, p));
    }
    return tf.div(tf.matMul(dLogits, weightsT), area) as tf.Tensor2D;
  });
}

/**
 * The per-channel gradient repeated at every position. A broadcasting add onto zeros, because wasm runs
 * tf.broadcastTo through its Tile kernel, 60x slower here (4.4 vs 0.08 ms for 7x7x1280).
 */
function broadcastOverSpace(perChannel: tf.Tensor2D, activations: tf.Tensor4D, channelAxis: 1 | 3): tf.Tensor4D {
  const [m, d1, , d3] = activations.shape;
  const shape: [number, number, number, number] = channelAxis === 3 ? [m, 1, 1, d3] : [m, d1, 1, 1];
  return tf.tidy(() => tf.add(perChannel.reshape(shape), tf.zeros(activations.shape)) as tf.Tensor4D);
}
