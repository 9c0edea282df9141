/**
 * One text's explanation on its tokens: any of the three transformer methods run on a model seen as a single
 * row of tokens (a text encoder at the text's length), read back at the positions that hold words (the
 * caller leaves out [CLS], [SEP] and padding), together with the rolled-out attention between those same
 * positions: the relations that keep, next to a kept token, the tokens it draws on.
 */
import * as tf from '@tensorflow/tfjs';
import { UsageError } from '../../errors.js';
import { attentionRolloutMatrix, attentionRolloutScores } from './attention-rollout.js';
import { gradientRollout } from './gradient-rollout.js';
import type { AttentionSource, GatedAttentionModel, TokenSplit } from './patch-transformer.js';
import { tokenGradCam } from './token-gradcam.js';

/** The methods, best first on the cue-text benchmark (models/text/metrics.json). */
export const TOKEN_ROW_METHODS = ['gradient-rollout', 'attention-rollout', 'token-gradcam'] as const;

export type TokenRowMethod = (typeof TOKEN_ROW_METHODS)[number];

/** What the three methods need of a model on a row of token ids [1, T]. */
export interface TokenRowModel extends AttentionSource<tf.Tensor2D>, GatedAttentionModel<tf.Tensor2D> {
  tokenSplit(): TokenSplit<tf.Tensor2D>;
}

export interface TokenRowOptions {
  method?: TokenRowMethod;
  /** Class to explain; default the predicted one. */
  target?: number;
}

export interface TokenRowExplanation {
  method: TokenRowMethod;
  target: number;
  /** The text's logits. */
  logits: Float32Array;
  /** Importance of each requested position, in order; non-negative. */
  values: Float32Array;
  /**
   * Rolled-out attention (mean over heads, Abnar & Zuidema's 0.5 A + 0.5 I per block) between the requested
   * positions, [K, K] row-major: row i is how much position i draws on each other one. The rows are the full
   * rollout's rows restricted to the requested columns, so they sum to at most 1 (the rest sits on the
   * special tokens), and the diagonal holds each token's residual share of itself.
   */
  relations: Float32Array;
  /** Time for the forward, the method and reading back, in ms. */
  explainMs: number;
}

export function parseTokenRowMethod(method: string): TokenRowMethod {
  if (!(TOKEN_ROW_METHODS as readonly string[]).includes(method)) {
    throw new UsageError(`unknown text transformer method '${method}'; choose ${TOKEN_ROW_METHODS.join(', ')}`);
  }
  return method as TokenRowMethod;
}

function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

function checkPositions(positions: readonly number[], prefixTokens: number, length: number): void {
  if (positions.length === 0) throw new UsageError('text transformer: no tokens to explain');
  const bad = positions.find((p) => !Number.isSafeInteger(p) || p < prefixTokens || p >= length);
  if (bad !== undefined) throw new UsageError(`text transformer: token positions must be in ${prefixTokens}..${length - 1}; got ${bad}`);
}

/** The target's map over the scored tokens (positions prefix..T-1), by gradient rollout or token Grad-CAM. */
async function classRow(model: TokenRowModel, ids: tf.Tensor2D, method: Exclude<TokenRowMethod, 'attention-rollout'>, target: number): Promise<Float32Array> {
  const targets = { classes: [[target]] };
  const result = method === 'gradient-rollout' ? await gradientRollout(model, ids, targets) : await tokenGradCam(model.tokenSplit(), ids, targets);
  return result.maps[0][0].values;
}

async function readAndDispose(x: tf.Tensor): Promise<Float32Array> {
  try {
    return (await x.data()) as Float32Array;
  } finally {
    x.dispose();
  }
}

/**
 * Explains one row of token ids [1, T] at `positions` (token indices after the prefix). One forward gives the
 * logits, the relations and, for attention rollout (class-agnostic), the map itself; the gradient methods
 * then take their own forward and backward for the target.
 */
export async function explainTokenRow(model: TokenRowModel, ids: tf.Tensor2D, positions: readonly number[], options: TokenRowOptions = {}): Promise<TokenRowExplanation> {
  const started = performance.now();
  const [n, t] = ids.shape;
  if (n !== 1) throw new UsageError(`text transformer: explains one text at a time; got a batch of ${n}`);
  checkPositions(positions, model.prefixTokens, t);
  const method = parseTokenRowMethod(options.method ?? TOKEN_ROW_METHODS[0]);
  const { logits: logitTensor, attentions } = await model.attentions(ids);
  let logits: Float32Array;
  let rollout: Float32Array;
  let row: Float32Array | null = null;
  try {
    logits = await readAndDispose(logitTensor);
    rollout = await readAndDispose(attentionRolloutMatrix(attentions));
    if (method === 'attention-rollout') row = await readAndDispose(attentionRolloutScores(attentions, model.prefixTokens));
  } finally {
    tf.dispose([logitTensor, ...attentions]);
  }
  const target = options.target ?? argmax(logits);
  if (!Number.isSafeInteger(target) || target < 0 || target >= logits.length) {
    throw new UsageError(`text transformer: target must be a class index in 0..${logits.length - 1}; got ${target}`);
  }
  const scored = row ?? (await classRow(model, ids, method as Exclude<TokenRowMethod, 'attention-rollout'>, target));
  const values = Float32Array.from(positions, (p) => scored[p - model.prefixTokens]);
  const k = positions.length;
  const relations = new Float32Array(k * k);
  positions.forEach((p, i) => positions.forEach((q, j) => (relations[i * k + j] = rollout[p * t + q])));
  return { method, target, logits, values, relations, explainMs: performance.now() - started };
}
