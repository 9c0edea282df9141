/**
 * Gradient-weighted attention rollout — Chefer, Gur & Wolf, "Generic Attention-model Explainability for
 * Interpreting Bi-Modal and Encoder-Decoder Transformers", ICCV 2021, the variant without LRP (their
 * Eq. 5-6): each block's map is Ā = E_h[(∇A ⊙ A)⁺] and the relevancy R, from I, is updated R ← R + Ā R.
 * The class token's row of R over the patches is the map.
 *
 * With gradients of ones, Ā is the head-mean attention (row-stochastic), so R = Π (I + Ā) = 2^L times the
 * plain rollout (whose 0.5 Ā + 0.5 I is then already row-stochastic): the two maps agree up to that
 * constant, and exactly once normalised.
 *
 * Stages: forwardMs one forward for the logits, gradientMs the forward and backward to the attention gates,
 * camMs the fusion and rollout.
 */
import * as tf from '@tensorflow/tfjs';
import type { CamBatchResult, TargetSpec } from '../cam/cam-core.js';
import { collectPatchMaps, targetRows } from './patch-maps.js';
import { tokenCount, type GatedAttentionModel } from './patch-transformer.js';
import { patchColumns, rolloutRow } from './rollout.js';

/** The class token's relevancy over the patches, [M, P], from every block's ∇A ⊙ A, [M, heads, T, T]. */
export function gradientRolloutScores(attentionTimesGradient: tf.Tensor4D[], prefixTokens: number): tf.Tensor2D {
  return tf.tidy(() => {
    const fused = attentionTimesGradient.map((p) => tf.mean(tf.relu(p), 1) as tf.Tensor3D);
    return patchColumns(rolloutRow(fused, 0, false), prefixTokens);
  });
}

/**
 * ∇A ⊙ A for every block and row, in one backward pass. The logits are taken with each block's attention
 * multiplied by a gate of ones, and d score / d gate = A ⊙ d score / d A: the product Chefer et al. need,
 * without holding the attention maps apart from the tape.
 */
function attentionTimesGradient<B extends tf.Tensor>(model: GatedAttentionModel<B>, inputs: B, oneHot: tf.Tensor2D): tf.Tensor4D[] {
  const t = tokenCount(model);
  const gates = Array.from({ length: model.depth }, () => tf.ones([inputs.shape[0], model.heads, t, t]) as tf.Tensor4D);
  const score = (...g: tf.Tensor[]): tf.Scalar => tf.sum(tf.mul(model.gatedLogits(inputs, g as tf.Tensor4D[]), oneHot));
  return tf.grads(score)(gates) as tf.Tensor4D[];
}

export async function gradientRollout<B extends tf.Tensor = tf.Tensor4D>(model: GatedAttentionModel<B>, batch: B, targets: TargetSpec): Promise<CamBatchResult> {
  const t0 = performance.now();
  const logits = model.predict(batch);
  const logitData = (await logits.data()) as Float32Array;
  const numClasses = logits.shape[1];
  logits.dispose();
  const rows = targetRows(targets, logitData, batch.shape[0], numClasses);
  const t1 = performance.now();
  let peak = tf.memory().numBytes;
  const products = tf.tidy(() => {
    const identity = rows.rows.length === batch.shape[0] && rows.rows.every((r, i) => r === i);
    const inputs = identity ? batch : (tf.gather(batch, tf.tensor1d(rows.rows, 'int32')) as B);
    const oneHot = tf.oneHot(tf.tensor1d(rows.cols, 'int32'), numClasses).toFloat() as tf.Tensor2D;
    const out = attentionTimesGradient(model, inputs, oneHot);
    peak = Math.max(peak, tf.memory().numBytes);
    return out;
  });
  await products[0].data(); // so the backward's time is not billed to the rollout
  const t2 = performance.now();
  let scores: tf.Tensor2D;
  try {
    scores = gradientRolloutScores(products, model.prefixTokens);
  } finally {
    tf.dispose(products);
  }
  const maps = await collectPatchMaps(scores, model, rows, logitData, numClasses);
  return { logits: logitData, numClasses, maps, timings: { forwardMs: t1 - t0, gradientMs: t2 - t1, camMs: performance.now() - t2 }, peakTensorBytes: peak };
}
