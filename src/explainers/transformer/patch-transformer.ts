/**
 * What the transformer explainers need of a model, and no more: any engine (the zoo ViT, a translated
 * ONNX graph, ONNX Runtime with the attention or token tensors exposed as extra outputs) can provide it.
 */
import type * as tf from '@tensorflow/tfjs';

/** How the tokens are laid out: `prefixTokens` (class token first) and then the patches, row-major. */
export interface PatchLayout {
  readonly patchGrid: { width: number; height: number };
  readonly prefixTokens: number;
}

/** A model whose every block's attention probabilities can be read. Enough for attention rollout. */
export interface AttentionSource extends PatchLayout {
  /** Logits [N, classes] and each block's attention probabilities [N, heads, T, T], first block first. The caller disposes all. */
  attentions(batch: tf.Tensor4D): Promise<{ logits: tf.Tensor2D; attentions: tf.Tensor4D[] }>;
}

/** A model written in TF.js ops whose attention probabilities can be gated. Enough for gradient rollout. */
export interface GatedAttentionModel extends PatchLayout {
  readonly depth: number;
  readonly heads: number;
  /** Logits of an NHWC batch; the caller disposes them. */
  predict(batch: tf.Tensor4D): tf.Tensor2D;
  /** Logits with block b's attention probabilities multiplied by gates[b] ([N, heads, T, T]); differentiable. */
  gatedLogits(batch: tf.Tensor4D, gates: tf.Tensor4D[]): tf.Tensor2D;
}

/** A model cut in its token stream. Enough for Grad-CAM on the token grid. */
export interface TokenSplit extends PatchLayout {
  /** Forward once: the logits and the tokens at the cut, [N, T, D]. The caller disposes both. */
  run(batch: tf.Tensor4D): Promise<{ logits: tf.Tensor2D; tokens: tf.Tensor3D }>;
  /** Tokens at the cut -> logits, TF.js ops only, so the gradient is taken through it. */
  head(tokens: tf.Tensor3D): tf.Tensor2D;
}

/** Tokens per example: the prefix tokens and one per patch. */
export function tokenCount(layout: PatchLayout): number {
  return layout.prefixTokens + layout.patchGrid.width * layout.patchGrid.height;
}
