/**
 * A transformer text encoder with a classification head, in the shape of BERT (Devlin et al. 2019), RoBERTa
 * (Liu et al. 2019) or DistilBERT (Sanh et al. 2019) — see config.ts for what differs. Embeddings (word,
 * position, token type) summed and normalised, post-LN blocks (multi-head self-attention with the padded keys
 * masked, then a GELU feed-forward layer, each added to its input and normalised), and a dense layer on the
 * first token ([CLS] / <s>) followed by the logits layer.
 *
 * Written as plain TF.js ops over named variables, as the zoo ViT is: the explainers need each block's
 * attention probabilities, a gate on them and a cut in the token stream. Padding is read from the ids
 * (positions holding padId) unless an attention mask is given.
 */
import * as tf from '@tensorflow/tfjs';
import { UsageError } from '../../errors.js';
import { FLAVOUR_TRAITS, firstPosition, maxSequenceLength, resolveTextEncoderConfig, type TextEncoderConfig, type TextEncoderOptions } from './config.js';
import { dense2d, dense3d, gelu, headMatMul, layerNorm } from '../transformer-ops.js';
import { additiveKeyMask, embeddingLookup } from './ops.js';
import { groupWeights, initialVariables, type BlockWeights, type EncoderWeights } from './weights.js';

/** The first token ([CLS], <s>) is the one the classifier reads. */
export const TEXT_PREFIX_TOKENS = 1;

export interface TextEncoderInputs {
  /** 1 for a real token, 0 for padding, [N, T]; default: 1 wherever the id is not padId. */
  attentionMask?: tf.Tensor2D;
  /** Segment of each token, [N, T] int32, below typeVocabSize; default all 0. Not for DistilBERT. */
  tokenTypeIds?: tf.Tensor2D;
}

export interface TextEncoderForward {
  logits: tf.Tensor2D;
  /** Every block's attention probabilities, [N, heads, T, T], first block first; padded keys get exactly 0. */
  attentions: tf.Tensor4D[];
}

/** The model cut where the tokens enter `block`, on token ids of one length. */
export interface TextTokenSplit {
  block: number;
  patchGrid: { width: number; height: number };
  prefixTokens: number;
  /**
   * Forward once: the logits and the tokens entering `block`, [N, T, D], with padded positions set to zero
   * vectors (nothing attends to them, so this changes no logit). The caller disposes both.
   */
  run(ids: tf.Tensor2D): Promise<{ logits: tf.Tensor2D; tokens: tf.Tensor3D }>;
  /**
   * Tokens entering `block` -> logits, differentiable. Keys whose token is a zero vector are masked as
   * padding, so rows gathered from `run`'s tokens keep their own padding.
   */
  head(tokens: tf.Tensor3D): tf.Tensor2D;
}

/**
 * The encoder on ids of one length T, as the transformer explainers read a model: T - 1 scored tokens after
 * the first, on a 1 x (T - 1) grid. Padding comes from the ids.
 */
export interface TextEncoderAtLength {
  readonly length: number;
  readonly patchGrid: { width: number; height: number };
  readonly prefixTokens: number;
  readonly depth: number;
  readonly heads: number;
  predict(ids: tf.Tensor2D): tf.Tensor2D;
  attentions(ids: tf.Tensor2D): Promise<TextEncoderForward>;
  gatedLogits(ids: tf.Tensor2D, gates: tf.Tensor4D[]): tf.Tensor2D;
  /** The cut where the tokens enter `block` (default: the last block, as for the ViT: after it only [CLS] reaches the head). */
  tokenSplit(block?: number): TextTokenSplit;
}

export interface TextEncoder {
  readonly config: TextEncoderConfig;
  readonly numClasses: number;
  /** Encoder blocks, each with one attention map per head. */
  readonly depth: number;
  readonly heads: number;
  readonly prefixTokens: number;
  /** Logits of token ids [N, T] (int32); the caller disposes them. */
  predict(ids: tf.Tensor2D, inputs?: TextEncoderInputs): tf.Tensor2D;
  /** Logits and every block's attention probabilities; the caller disposes all of them. */
  attentions(ids: tf.Tensor2D, inputs?: TextEncoderInputs): Promise<TextEncoderForward>;
  /**
   * Logits with each block's attention probabilities multiplied element-wise by `gates[block]` ([N, heads, T, T])
   * before they weigh the values: gates of ones change nothing, and the gradient with respect to them is
   * attention ⊙ d logit / d attention. Differentiable; call inside a tidy or a gradient.
   */
  gatedLogits(ids: tf.Tensor2D, gates: tf.Tensor4D[], inputs?: TextEncoderInputs): tf.Tensor2D;
  /** The encoder seen on ids of length `length`, for the transformer explainers. */
  atLength(length: number): TextEncoderAtLength;
  /** Every weight by name, in the order of `weightSpecs`; trainable. */
  readonly variables: ReadonlyMap<string, tf.Variable>;
  dispose(): void;
}

/** What the forward needs besides the ids: the padding mask, the position ids and the token types, all [N, T]. */
interface PreparedInputs {
  mask: tf.Tensor2D;
  positions: tf.Tensor2D;
  tokenTypes?: tf.Tensor2D;
}

function checkIds(ids: tf.Tensor2D, c: TextEncoderConfig): Int32Array {
  if (ids.rank !== 2 || ids.dtype !== 'int32') {
    throw new UsageError(`text encoder: expected token ids as an int32 [N, T] tensor; got ${ids.dtype} [${ids.shape.join(', ')}]`);
  }
  const [, t] = ids.shape;
  if (t < 1 || t > maxSequenceLength(c)) throw new UsageError(`text encoder: sequence length must be in 1..${maxSequenceLength(c)}; got ${t}`);
  const data = ids.dataSync() as Int32Array;
  const bad = data.findIndex((id) => id < 0 || id >= c.vocabSize);
  if (bad >= 0) throw new UsageError(`text encoder: token ids must be in 0..${c.vocabSize - 1}; got ${data[bad]}`);
  return data;
}

function checkCompanion(name: string, x: tf.Tensor2D | undefined, shape: readonly number[]): void {
  if (x && (x.rank !== 2 || x.shape[0] !== shape[0] || x.shape[1] !== shape[1])) {
    throw new UsageError(`text encoder: ${name} must match the ids' shape [${shape.join(', ')}]; got [${x.shape.join(', ')}]`);
  }
}

/**
 * Mask, positions and token types for a batch of ids. Positions count from 0, or for RoBERTa from padId + 1
 * over the real tokens only, padded ones taking padId (fairseq's make_positions).
 */
function prepareInputs(ids: tf.Tensor2D, c: TextEncoderConfig, inputs: TextEncoderInputs = {}): PreparedInputs {
  const data = checkIds(ids, c);
  const [n, t] = ids.shape;
  checkCompanion('attentionMask', inputs.attentionMask, ids.shape);
  checkCompanion('tokenTypeIds', inputs.tokenTypeIds, ids.shape);
  if (inputs.tokenTypeIds && c.typeVocabSize === 0) throw new UsageError(`text encoder: ${FLAVOUR_TRAITS[c.flavour].name} has no token types; do not pass tokenTypeIds`);
  if (inputs.tokenTypeIds) {
    const types = inputs.tokenTypeIds.dataSync();
    if (inputs.tokenTypeIds.dtype !== 'int32' || types.some((v) => v < 0 || v >= c.typeVocabSize)) {
      throw new UsageError(`text encoder: tokenTypeIds must be int32 in 0..${c.typeVocabSize - 1}`);
    }
  }
  const afterPadding = FLAVOUR_TRAITS[c.flavour].positionsAfterPadding;
  const positions = new Int32Array(n * t);
  for (let i = 0; i < n; i++) {
    let real = 0;
    for (let j = 0; j < t; j++) {
      const k = i * t + j;
      if (!afterPadding) positions[k] = j;
      else positions[k] = data[k] === c.padId ? c.padId : firstPosition(c) + real++;
    }
  }
  return {
    mask: tf.cast(inputs.attentionMask ?? tf.notEqual(ids, c.padId), 'float32') as tf.Tensor2D,
    positions: tf.tensor2d(positions, [n, t], 'int32'),
    tokenTypes: inputs.tokenTypeIds,
  };
}

/** Word + position (+ token type) embeddings, normalised: [N, T, D]. */
function embed(ids: tf.Tensor2D, p: PreparedInputs, w: EncoderWeights, epsilon: number): tf.Tensor3D {
  let x = tf.add(embeddingLookup(w.word, ids), embeddingLookup(w.position, p.positions)) as tf.Tensor3D;
  if (w.tokenType) x = tf.add(x, p.tokenTypes ? embeddingLookup(w.tokenType, p.tokenTypes) : tf.slice(w.tokenType, [0, 0], [1, -1]));
  return layerNorm(x, w.embeddingNorm, epsilon);
}

/** One post-LN block. `gate` multiplies the attention probabilities; `onAttention` sees them. */
function applyBlock(
  x: tf.Tensor3D,
  keyMask: tf.Tensor4D,
  w: BlockWeights,
  c: TextEncoderConfig,
  gate?: tf.Tensor4D,
  onAttention?: (probs: tf.Tensor4D) => void,
): tf.Tensor3D {
  const [n, t] = x.shape;
  const epsilon = FLAVOUR_TRAITS[c.flavour].layerNormEpsilon;
  const headWidth = c.hidden / c.heads;
  const qkv = tf.transpose(tf.reshape(dense3d(x, w.qkv), [n, t, 3, c.heads, headWidth]), [2, 0, 3, 1, 4]);
  const [q, k, v] = tf.unstack(qkv) as tf.Tensor4D[];
  const scores = tf.add(tf.mul(headMatMul(q, tf.transpose(k, [0, 1, 3, 2])), 1 / Math.sqrt(headWidth)), keyMask);
  const probs = tf.softmax(scores) as tf.Tensor4D;
  onAttention?.(probs);
  const weighted = headMatMul(gate ? tf.mul(probs, gate) : probs, v);
  const merged = tf.reshape(tf.transpose(weighted, [0, 2, 1, 3]), [n, t, c.hidden]) as tf.Tensor3D;
  const y = layerNorm(tf.add(x, dense3d(merged, w.attentionOutput)), w.attentionNorm, epsilon);
  return layerNorm(tf.add(y, dense3d(gelu(dense3d(y, w.intermediate)), w.output)), w.outputNorm, epsilon);
}

/** Dense + tanh (BERT's pooler, RoBERTa's classification head) or + ReLU (DistilBERT's pre_classifier) on the first token, then the logits. */
function classify(tokens: tf.Tensor3D, w: EncoderWeights, c: TextEncoderConfig): tf.Tensor2D {
  const [n, , d] = tokens.shape;
  const first = tf.reshape(tf.slice(tokens, [0, 0, 0], [n, 1, d]), [n, d]) as tf.Tensor2D;
  const pooled = dense2d(first, w.pooler);
  const activated = FLAVOUR_TRAITS[c.flavour].poolerActivation === 'tanh' ? tf.tanh(pooled) : tf.relu(pooled);
  return dense2d(activated, w.classifier);
}

/** Builds an encoder with seeded random weights (default shape BERT-base; see config.ts for the presets). */
export function buildTextEncoder(options: TextEncoderOptions = {}): TextEncoder {
  const c = resolveTextEncoderConfig(options);
  return textEncoderFromVariables(c, initialVariables(c));
}

/** An encoder over the given variables (one per weight spec, as `initialVariables` or the file format make them); it owns them. */
export function textEncoderFromVariables(c: TextEncoderConfig, variables: Map<string, tf.Variable>): TextEncoder {
  const w = groupWeights(c, variables);
  const epsilon = FLAVOUR_TRAITS[c.flavour].layerNormEpsilon;

  const blocks = (x: tf.Tensor3D, keyMask: tf.Tensor4D, first: number, last: number, gates?: tf.Tensor4D[], onAttention?: (p: tf.Tensor4D) => void): tf.Tensor3D => {
    let h = x;
    for (let b = first; b < last; b++) h = applyBlock(h, keyMask, w.blocks[b], c, gates?.[b], onAttention);
    return h;
  };

  /** The full forward, inside the caller's tidy or gradient. */
  const forward = (ids: tf.Tensor2D, inputs?: TextEncoderInputs, gates?: tf.Tensor4D[], onAttention?: (p: tf.Tensor4D) => void): tf.Tensor2D => {
    const p = prepareInputs(ids, c, inputs);
    return classify(blocks(embed(ids, p, w, epsilon), additiveKeyMask(p.mask), 0, c.layers, gates, onAttention), w, c);
  };

  const checkGates = (ids: tf.Tensor2D, gates: tf.Tensor4D[]): void => {
    if (gates.length !== c.layers) throw new UsageError(`text encoder: expected ${c.layers} attention gates, one per block; got ${gates.length}`);
    const [n, t] = ids.shape;
    const bad = gates.find((g) => g.rank !== 4 || g.shape[0] !== n || g.shape[1] !== c.heads || g.shape[2] !== t || g.shape[3] !== t);
    if (bad) throw new UsageError(`text encoder: attention gates must be [${n}, ${c.heads}, ${t}, ${t}]; got [${bad.shape.join(', ')}]`);
  };

  const encoder: TextEncoder = {
    config: c,
    numClasses: c.numClasses,
    depth: c.layers,
    heads: c.heads,
    prefixTokens: TEXT_PREFIX_TOKENS,
    predict: (ids, inputs) => tf.tidy(() => forward(ids, inputs)),
    attentions: async (ids, inputs) => {
      const attentions: tf.Tensor4D[] = [];
      try {
        const logits = tf.tidy(() => forward(ids, inputs, undefined, (p) => attentions.push(tf.keep(p))));
        return { logits, attentions };
      } catch (e) {
        tf.dispose(attentions);
        throw e;
      }
    },
    gatedLogits: (ids, gates, inputs) => {
      checkGates(ids, gates);
      return forward(ids, inputs, gates);
    },
    atLength: (length) => atLength(encoder, length, (block) => tokenSplit(block, length)),
    variables,
    dispose: () => variables.forEach((v) => v.dispose()),
  };

  const tokenSplit = (block: number, length: number): TextTokenSplit => {
    if (!Number.isSafeInteger(block) || block < 0 || block >= c.layers) {
      throw new UsageError(`text encoder: block must be an integer in [0, ${c.layers - 1}]; got ${String(block)}`);
    }
    return {
      block,
      patchGrid: { width: length - TEXT_PREFIX_TOKENS, height: 1 },
      prefixTokens: TEXT_PREFIX_TOKENS,
      run: async (ids) => {
        checkLength(ids, length);
        const tokens = tf.tidy(() => {
          const p = prepareInputs(ids, c);
          const entering = blocks(embed(ids, p, w, epsilon), additiveKeyMask(p.mask), 0, block);
          return tf.mul(entering, tf.expandDims(p.mask, -1)) as tf.Tensor3D;
        });
        const logits = tf.tidy(() => splitHead(tokens));
        return { logits, tokens };
      },
      head: (tokens) => splitHead(tokens),
    };

    /** A zero token is padding; the step's gradient is zero, so the mask adds nothing to the tokens' gradient. */
    function splitHead(tokens: tf.Tensor3D): tf.Tensor2D {
      const mask = tf.step(tf.sum(tf.abs(tokens), -1)) as unknown as tf.Tensor2D;
      return classify(blocks(tokens, additiveKeyMask(mask), block, c.layers), w, c);
    }
  };

  return encoder;
}

function checkLength(ids: tf.Tensor2D, length: number): void {
  if (ids.rank !== 2 || ids.shape[1] !== length) {
    throw new UsageError(`text encoder: this view reads ids of length ${length}; got shape [${ids.shape.join(', ')}]`);
  }
}

function atLength(encoder: TextEncoder, length: number, split: (block: number) => TextTokenSplit): TextEncoderAtLength {
  const longest = maxSequenceLength(encoder.config);
  if (!Number.isSafeInteger(length) || length <= TEXT_PREFIX_TOKENS || length > longest) {
    throw new UsageError(`text encoder: length must be an integer in ${TEXT_PREFIX_TOKENS + 1}..${longest}; got ${String(length)}`);
  }
  return {
    length,
    patchGrid: { width: length - TEXT_PREFIX_TOKENS, height: 1 },
    prefixTokens: TEXT_PREFIX_TOKENS,
    depth: encoder.depth,
    heads: encoder.heads,
    predict: (ids) => {
      checkLength(ids, length);
      return encoder.predict(ids);
    },
    attentions: (ids) => {
      checkLength(ids, length);
      return encoder.attentions(ids);
    },
    gatedLogits: (ids, gates) => {
      checkLength(ids, length);
      return encoder.gatedLogits(ids, gates);
    },
    tokenSplit: (block = encoder.depth - 1) => split(block),
  };
}
