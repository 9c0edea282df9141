/**
 * Attention rollout — Abnar & Zuidema, "Quantifying Attention Flow in Transformers", ACL 2020: the class
 * token's row of the rolled-out attention, over the scored tokens, laid on the layout's grid (the patch grid
 * of an image, one row of a text encoder's tokens). Class-agnostic:
 * every class of an image gets the same map. With the head fusion and discard ratio of Gildenblat's
 * vit-explain (2020).
 * Stages: forwardMs the forward that yields the attention maps, gradientMs 0, camMs fusion and rollout.
 */
import * as tf from '@tensorflow/tfjs';
import type { CamBatchResult, TargetSpec } from '../cam/cam-core.js';
import { discardLowest } from './discard.js';
import { fuseHeads, type HeadFusion } from './head-fusion.js';
import { collectPatchMaps, targetRows } from './patch-maps.js';
import type { AttentionSource } from './patch-transformer.js';
import { patchColumns, rolloutMatrix, rolloutRow } from './rollout.js';

export interface RolloutOptions {
  headFusion?: HeadFusion;
  /** Share of each fused matrix's weakest weights set to zero, in [0, 1). */
  discardRatio?: number;
}

/** The paper's rollout: heads averaged, nothing discarded (Abnar & Zuidema 2020, Section 3). */
export const ROLLOUT_DEFAULTS: Required<RolloutOptions> = { headFusion: 'mean', discardRatio: 0 };

/** The class token's rolled-out attention over the patches, [N, P], from every block's [N, heads, T, T]. */
export function attentionRolloutScores(attentions: tf.Tensor4D[], prefixTokens: number, options: RolloutOptions = {}): tf.Tensor2D {
  const { headFusion, discardRatio } = { ...ROLLOUT_DEFAULTS, ...options };
  return tf.tidy(() => {
    const fused = attentions.map((a) => discardLowest(fuseHeads(a, headFusion), discardRatio));
    return patchColumns(rolloutRow(fused, 0, true), prefixTokens);
  });
}

/**
 * Every token's rolled-out attention over every token, [N, T, T], with the same fusion and discard as the
 * map: the relations between tokens that a text explanation keeps alongside the class token's row.
 */
export function attentionRolloutMatrix(attentions: tf.Tensor4D[], options: RolloutOptions = {}): tf.Tensor3D {
  const { headFusion, discardRatio } = { ...ROLLOUT_DEFAULTS, ...options };
  return tf.tidy(() => rolloutMatrix(attentions.map((a) => discardLowest(fuseHeads(a, headFusion), discardRatio)), true));
}

export async function attentionRollout<B extends tf.Tensor = tf.Tensor4D>(
  model: AttentionSource<B>,
  batch: B,
  targets: TargetSpec,
  options: RolloutOptions = {},
): Promise<CamBatchResult> {
  const t0 = performance.now();
  const { logits, attentions } = await model.attentions(batch);
  const logitData = (await logits.data()) as Float32Array;
  const numClasses = logits.shape[1];
  logits.dispose();
  const t1 = performance.now();
  const peak = tf.memory().numBytes;
  let scores: tf.Tensor2D;
  try {
    scores = attentionRolloutScores(attentions, model.prefixTokens, options);
  } finally {
    tf.dispose(attentions);
  }
  const rows = targetRows(targets, logitData, batch.shape[0], numClasses);
  const maps = await collectPatchMaps(scores, model, rows, logitData, numClasses, true);
  return { logits: logitData, numClasses, maps, timings: { forwardMs: t1 - t0, gradientMs: 0, camMs: performance.now() - t1 }, peakTensorBytes: peak };
}
