/**
 * Grad-CAM on the token grid — Selvaraju et al., ICCV 2017, carried to a ViT as pytorch-grad-cam does: the
 * class token is dropped, the patch tokens [P, D] are laid on the patch grid as a [h, w, D] activation, each
 * channel's weight is the mean over the patches of the class logit's gradient, and the map is the ReLU of
 * the weighted channel sum. A text encoder's tokens are one row: padding tokens have zero gradient (nothing
 * attends to them), so they only scale every weight alike, but their own activations can still score; the
 * caller zeroes them.
 *
 * The cut is where the tokens ENTER the last block (the zoo ViT's default tokenSplit()), not where they
 * leave it: after the last block only the class token reaches the head (the final LayerNorm acts per
 * token), so the gradient at every patch token there is exactly zero.
 *
 * Stages: forwardMs the forward to the cut and on to the logits, gradientMs the head's backward, camMs the
 * weighted sum and reading the maps back.
 */
import * as tf from '@tensorflow/tfjs';
import type { CamBatchResult, TargetSpec } from '../cam/cam-core.js';
import { weightedChannelSum } from '../cam/channel-sum.js';
import { collectPatchMaps, targetRows } from './patch-maps.js';
import type { TokenSplit } from './patch-transformer.js';

/** ReLU(sum_d w_d A_d) over the patches, [M, P], from tokens and their gradient, both [M, T, D]. */
export function tokenGradCamScores(tokens: tf.Tensor3D, grads: tf.Tensor3D, prefixTokens: number): tf.Tensor2D {
  return tf.tidy(() => {
    const [m, t, d] = tokens.shape;
    const patches = t - prefixTokens;
    const patchTokens = tf.slice(tokens, [0, prefixTokens, 0], [m, patches, d]);
    const weights = tf.mean(tf.slice(grads, [0, prefixTokens, 0], [m, patches, d]), 1) as tf.Tensor2D;
    const cam = weightedChannelSum(tf.reshape(patchTokens, [m, 1, patches, d]), weights, 3);
    return tf.relu(tf.reshape(cam, [m, patches]));
  });
}

export async function tokenGradCam<B extends tf.Tensor = tf.Tensor4D>(split: TokenSplit<B>, batch: B, targets: TargetSpec): Promise<CamBatchResult> {
  const t0 = performance.now();
  const { logits, tokens } = await split.run(batch);
  const logitData = (await logits.data()) as Float32Array;
  const numClasses = logits.shape[1];
  logits.dispose();
  const rows = targetRows(targets, logitData, batch.shape[0], numClasses);
  const t1 = performance.now();
  let peak = tf.memory().numBytes;
  let gradientMs = 0;
  let scores: tf.Tensor2D;
  try {
    scores = tf.tidy(() => {
      const identity = rows.rows.length === batch.shape[0] && rows.rows.every((r, i) => r === i);
      const repeated = identity ? tokens : tf.gather(tokens, tf.tensor1d(rows.rows, 'int32'));
      const oneHot = tf.oneHot(tf.tensor1d(rows.cols, 'int32'), numClasses).toFloat() as tf.Tensor2D;
      const grads = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(split.head(x as tf.Tensor3D), oneHot)))(repeated) as tf.Tensor3D;
      gradientMs = performance.now() - t1;
      peak = Math.max(peak, tf.memory().numBytes);
      return tokenGradCamScores(repeated, grads, split.prefixTokens);
    });
  } finally {
    tokens.dispose(); // also when the gradient fails
  }
  const maps = await collectPatchMaps(scores, split, rows, logitData, numClasses);
  return { logits: logitData, numClasses, maps, timings: { forwardMs: t1 - t0, gradientMs, camMs: performance.now() - t1 - gradientMs }, peakTensorBytes: peak };
}
