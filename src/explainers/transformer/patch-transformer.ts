/**
 * What the transformer explainers need of a model, and no more: any engine (the zoo ViT, a translated
 * ONNX graph, ONNX Runtime with the attention or token tensors exposed as extra outputs, the zoo text
 * encoder) can provide it.
 *
 * The batch type `B` is what the model reads: an NHWC image batch (tf.Tensor4D, the default) for a vision
 * transformer, token ids [N, T] (tf.Tensor2D, int32) for a text encoder. The explainers only read its first
 * dimension and gather rows of it, so any tensor with the examples first will do.
 */
import type * as tf from '@tensorflow/tfjs';

/**
 * How the tokens are laid out: `prefixTokens` (class token first) and then the scored tokens, row-major on
 * `patchGrid`. An image model's grid is its patch grid; a text encoder's is one row of width T - prefix
 * (its view at sequence length T, e.g. `TextEncoder.atLength(T)` in the zoo).
 */
export interface PatchLayout {
  readonly patchGrid: { width: number; height: number };
  readonly prefixTokens: number;
}

/** A model whose every block's attention probabilities can be read. Enough for attention rollout. */
export interface AttentionSource<B extends tf.Tensor = tf.Tensor4D> extends PatchLayout {
  /** Logits [N, classes] and each block's attention probabilities [N, heads, T, T], first block first. The caller disposes all. */
  attentions(batch: B): Promise<{ logits: tf.Tensor2D; attentions: tf.Tensor4D[] }>;
}

/** A model written in TF.js ops whose attention probabilities can be gated. Enough for gradient rollout. */
export interface GatedAttentionModel<B extends tf.Tensor = tf.Tensor4D> extends PatchLayout {
  readonly depth: number;
  readonly heads: number;
  /** Logits of a batch; the caller disposes them. */
  predict(batch: B): tf.Tensor2D;
  /** Logits with block b's attention probabilities multiplied by gates[b] ([N, heads, T, T]); differentiable. */
  gatedLogits(batch: B, gates: tf.Tensor4D[]): tf.Tensor2D;
}

/** A model cut in its token stream. Enough for Grad-CAM on the token grid. */
export interface TokenSplit<B extends tf.Tensor = tf.Tensor4D> extends PatchLayout {
  /** Forward once: the logits and the tokens at the cut, [N, T, D]. The caller disposes both. */
  run(batch: B): Promise<{ logits: tf.Tensor2D; tokens: tf.Tensor3D }>;
  /** Tokens at the cut -> logits, TF.js ops only, so the gradient is taken through it. */
  head(tokens: tf.Tensor3D): tf.Tensor2D;
}

/** Tokens per example: the prefix tokens and one per grid cell. */
export function tokenCount(layout: PatchLayout): number {
  return layout.prefixTokens + layout.patchGrid.width * layout.patchGrid.height;
}

/** A token row of length T as a layout: the prefix, then T - prefix scored tokens on a 1-high grid. */
export function tokenRowLayout(length: number, prefixTokens: number): PatchLayout {
  return { patchGrid: { width: length - prefixTokens, height: 1 }, prefixTokens };
}
