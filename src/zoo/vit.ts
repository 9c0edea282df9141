/**
 * Vision Transformer — Dosovitskiy et al., "An Image is Worth 16x16 Words: Transformers for Image
 * Recognition at Scale", ICLR 2021. Patch embedding by a convolution with stride = patch, a class token,
 * learned position embeddings, pre-LN encoder blocks (multi-head self-attention, then a GELU MLP), a final
 * LayerNorm and a linear head on the class token.
 *
 * Written as plain TF.js ops over seeded weights rather than a LayersModel: the explainers need each
 * layer's attention probabilities, a gate on them (to take gradients with respect to them) and a cut in
 * the token stream, none of which a serialisable LayersModel exposes. `vitFromWeights` builds the same
 * network over given weights (trained ones, or tf.Variables being trained); `vit-files.ts` saves and loads them.
 */
import * as tf from '@tensorflow/tfjs';
import type { PreprocessSpec } from '../engines/types.js';
import { UsageError } from '../errors.js';
import { heUniformInitializer, layerSeed, logitsInitializer } from './initializers.js';
import { matMulPlainGradient } from './plain-gradient-matmul.js';
import { dense3d, gelu, layerNorm, type DenseWeights, type LayerNormWeights } from './transformer-ops.js';
import { rejectUnknownOptions, resolveZooOptions, type ZooOptions } from './options.js';

export interface VitOptions extends ZooOptions {
  /** Side of a square patch in pixels; inputSize must be a multiple of it. */
  patchSize?: number;
  /** Number of encoder blocks. */
  depth?: number;
  /** Attention heads per block; width must be a multiple of it. */
  heads?: number;
  /** Token width (the model dimension D). */
  width?: number;
  /** Hidden width of the MLP as a multiple of the token width. */
  mlpRatio?: number;
  /**
   * A convolutional stem in place of the patchify convolution (Xiao et al., "Early Convolutions Help
   * Transformers See Better", NeurIPS 2021; torchvision's `conv_stem_configs`): one 3x3 stride-2 convolution
   * + ReLU per entry, with that many output channels, log2(patchSize) of them, then a 1x1 convolution to the
   * width. The tokens still tile the image in patchSize patches. Empty (the default): the plain patch embedding.
   */
  convStem?: number[];
}

export type VitConfig = Required<VitOptions>;

/** ViT-Base/16 (Dosovitskiy et al. 2021, Table 1) on ImageNet-1k at 224x224. */
export const VIT_BASE: VitConfig = { inputSize: 224, numClasses: 1000, seed: 0, patchSize: 16, depth: 12, heads: 12, width: 768, mlpRatio: 4, convStem: [] };

/** ViT-Ti/16 (Touvron et al. 2021, DeiT, Table 1): the smallest published shape, and the default here. */
export const VIT_TINY: VitConfig = { ...VIT_BASE, heads: 3, width: 192 };

const VIT_OPTION_NAMES: readonly string[] = ['inputSize', 'numClasses', 'seed', 'patchSize', 'depth', 'heads', 'width', 'mlpRatio', 'convStem'];

/** The class token sits before the patches; the head reads it. */
export const VIT_PREFIX_TOKENS = 1;

/** LayerNorm epsilon of the reference implementation (Dosovitskiy et al. 2021, and torchvision's ViT). */
const LAYER_NORM_EPSILON = 1e-6;

/** Standard deviation of the class token and position embeddings at initialisation (the ViT reference code). */
const EMBEDDING_STDDEV = 0.02;

export interface VitForward {
  logits: tf.Tensor2D;
  /** Every block's attention probabilities, [N, heads, T, T] (T = 1 + patches), first block first. */
  attentions: tf.Tensor4D[];
}

export interface VitTokenSplit {
  /** Which block the tokens enter. */
  block: number;
  patchGrid: { width: number; height: number };
  prefixTokens: number;
  /** Forward once: the logits and the tokens entering `block`, [N, T, D]. The caller disposes both. */
  run(batch: tf.Tensor4D): Promise<{ logits: tf.Tensor2D; tokens: tf.Tensor3D }>;
  /** Tokens entering `block` -> logits, differentiable. */
  head(tokens: tf.Tensor3D): tf.Tensor2D;
}

export interface VisionTransformer {
  readonly config: VitConfig;
  /** The patch grid, row-major: token 1 + y*width + x is patch (x, y). */
  readonly patchGrid: { width: number; height: number };
  readonly prefixTokens: number;
  readonly numClasses: number;
  /** Encoder blocks, each with one attention map per head. */
  readonly depth: number;
  readonly heads: number;
  /** Logits of an NHWC batch; the caller disposes them. */
  predict(batch: tf.Tensor4D): tf.Tensor2D;
  /** Logits and every block's attention probabilities; the caller disposes all of them. */
  attentions(batch: tf.Tensor4D): Promise<VitForward>;
  /**
   * Logits with each block's attention probabilities multiplied element-wise by `gates[block]` before they
   * weigh the values. Gates of ones leave the forward unchanged, and the gradient with respect to them is
   * attention ⊙ d logit / d attention. Differentiable; call inside a tidy or a gradient.
   */
  gatedLogits(batch: tf.Tensor4D, gates: tf.Tensor4D[]): tf.Tensor2D;
  /** The model cut where the tokens enter `block` (default: the last block). */
  tokenSplit(block?: number): VitTokenSplit;
  /** The weights the network computes with (tf.Variables while training); freed by dispose(). */
  readonly weights: VitWeights;
  /** Class names, when the weights came with them (a trained model). */
  readonly labels?: readonly string[];
  /** How pixels become this model's input, when the weights came with it (a trained model). */
  readonly preprocess?: PreprocessSpec;
  dispose(): void;
}

export type { DenseWeights, LayerNormWeights } from './transformer-ops.js';

export interface ConvWeights {
  /** [kernel, kernel, in, out], TF.js's HWIO layout. */
  kernel: tf.Tensor4D;
  bias: tf.Tensor1D;
}

export interface BlockWeights {
  norm1: LayerNormWeights;
  qkv: DenseWeights;
  proj: DenseWeights;
  norm2: LayerNormWeights;
  fc1: DenseWeights;
  fc2: DenseWeights;
}

export interface VitWeights {
  /** The convolutional stem's 3x3 stride-2 convolutions; empty for the plain patch embedding. */
  stem: ConvWeights[];
  /**
   * [patch, patch, 3, width]: a convolution filter in TF.js's HWIO layout, applied with stride = patch; with
   * a convolutional stem, [1, 1, last stem channels, width], the stem's final 1x1 convolution.
   */
  patchKernel: tf.Tensor4D;
  patchBias: tf.Tensor1D;
  classToken: tf.Tensor3D;
  positions: tf.Tensor3D;
  blocks: BlockWeights[];
  norm: LayerNormWeights;
  head: DenseWeights;
}

function requirePositiveInteger(option: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new UsageError(`vit: ${option} must be an integer >= 1; got ${String(value)}`);
  return value;
}

/** Fills in ViT-Ti's shape for what is not given and checks that the sizes fit together. */
export function resolveVitConfig(options: VitOptions = {}): VitConfig {
  rejectUnknownOptions(options, VIT_OPTION_NAMES, 'vit');
  const base = resolveZooOptions({ inputSize: options.inputSize ?? VIT_TINY.inputSize, numClasses: options.numClasses, seed: options.seed }, 'vit');
  const config: VitConfig = {
    ...base,
    patchSize: requirePositiveInteger('patchSize', options.patchSize ?? VIT_TINY.patchSize),
    depth: requirePositiveInteger('depth', options.depth ?? VIT_TINY.depth),
    heads: requirePositiveInteger('heads', options.heads ?? VIT_TINY.heads),
    width: requirePositiveInteger('width', options.width ?? VIT_TINY.width),
    mlpRatio: requirePositiveInteger('mlpRatio', options.mlpRatio ?? VIT_TINY.mlpRatio),
    convStem: [],
  };
  if (config.inputSize % config.patchSize !== 0) {
    throw new UsageError(`vit: inputSize must be a multiple of patchSize ${config.patchSize}; got ${config.inputSize}`);
  }
  if (config.width % config.heads !== 0) {
    throw new UsageError(`vit: width must be a multiple of heads ${config.heads}; got ${config.width}`);
  }
  return { ...config, convStem: resolveConvStem(options.convStem ?? VIT_TINY.convStem, config.patchSize) };
}

/** Stem channels: positive integers, one stride-2 convolution per halving of the patch side. */
function resolveConvStem(stem: unknown, patchSize: number): number[] {
  if (!Array.isArray(stem) || !stem.every((c) => Number.isSafeInteger(c) && c >= 1)) {
    throw new UsageError(`vit: convStem must be a list of channel counts (integers >= 1); got ${JSON.stringify(stem)}`);
  }
  if (stem.length > 0 && 2 ** stem.length !== patchSize) {
    throw new UsageError(`vit: a convStem of ${stem.length} stride-2 convolutions makes ${2 ** stem.length}-pixel patches; patchSize is ${patchSize}`);
  }
  return [...(stem as number[])];
}

/** Variance 1/fan-in (LeCun), so that query-key products are O(1) and random attention is not uniform. */
function lecunUniform(shape: number[], seed: number, name: string): tf.Tensor {
  return tf.initializers.varianceScaling({ scale: 1, mode: 'fanIn', distribution: 'uniform', seed: layerSeed(seed, name) }).apply(shape);
}

function dense(inputs: number, outputs: number, seed: number, name: string): DenseWeights {
  return { kernel: lecunUniform([inputs, outputs], seed, name) as tf.Tensor2D, bias: tf.zeros([outputs]) };
}

function layerNormWeights(width: number): LayerNormWeights {
  return { gamma: tf.ones([width]), beta: tf.zeros([width]) };
}

function embedding(shape: number[], seed: number, name: string): tf.Tensor {
  return tf.randomNormal(shape, 0, EMBEDDING_STDDEV, 'float32', layerSeed(seed, name));
}

/** Seeded initial weights for a resolved config (LeCun-uniform projections, 0.02-sigma embeddings). */
export function initVitWeights(c: VitConfig): VitWeights {
  const side = c.inputSize / c.patchSize;
  const hidden = c.width * c.mlpRatio;
  const stemChannels = [3, ...c.convStem];
  return {
    stem: c.convStem.map((out, i) => ({
      kernel: heUniformInitializer(c.seed, `stem${i}`).apply([3, 3, stemChannels[i], out]) as tf.Tensor4D,
      bias: tf.zeros([out]),
    })),
    patchKernel: (c.convStem.length > 0
      ? lecunUniform([1, 1, stemChannels[c.convStem.length], c.width], c.seed, 'patch_embed')
      : lecunUniform([c.patchSize, c.patchSize, 3, c.width], c.seed, 'patch_embed')) as tf.Tensor4D,
    patchBias: tf.zeros([c.width]),
    classToken: embedding([1, 1, c.width], c.seed, 'class_token') as tf.Tensor3D,
    positions: embedding([1, 1 + side * side, c.width], c.seed, 'position_embedding') as tf.Tensor3D,
    blocks: Array.from({ length: c.depth }, (_, b) => ({
      norm1: layerNormWeights(c.width),
      qkv: dense(c.width, 3 * c.width, c.seed, `block${b}/qkv`),
      proj: dense(c.width, c.width, c.seed, `block${b}/proj`),
      norm2: layerNormWeights(c.width),
      fc1: dense(c.width, hidden, c.seed, `block${b}/fc1`),
      fc2: dense(hidden, c.width, c.seed, `block${b}/fc2`),
    })),
    norm: layerNormWeights(c.width),
    head: { kernel: logitsInitializer(c.seed, 'head').apply([c.width, c.numClasses]) as tf.Tensor2D, bias: tf.zeros([c.numClasses]) },
  };
}

/**
 * The patch embedding: a convolution with kernel = stride = patch, computed as non-overlapping patches times
 * the flattened kernel (one matMul). Same values as tf.conv2d, but its gradient with respect to the kernel
 * is a matMul too, where the wasm backend has no Conv2DBackpropFilter kernel for training.
 * Patches are flattened (row, column, channel), the order of the HWIO kernel's leading axes.
 */
function patchEmbed(x: tf.Tensor4D, w: VitWeights, c: VitConfig): tf.Tensor3D {
  if (w.stem.length > 0) return convStemEmbed(x, w, c);
  const [n, h, wd] = x.shape;
  const p = c.patchSize;
  const rows = h / p;
  const cols = wd / p;
  const strips = tf.reshape(x, [n * rows, p, cols, p * 3]);
  const patches = tf.reshape(tf.transpose(strips, [0, 2, 1, 3]), [n * rows * cols, p * p * 3]);
  const kernel = tf.reshape(w.patchKernel, [p * p * 3, c.width]);
  return tf.reshape(tf.add(matMulPlainGradient(patches, kernel), w.patchBias), [n, rows * cols, c.width]);
}

/**
 * The convolutional stem: 3x3 stride-2 convolutions with ReLU ('same' padding, so each halves the side),
 * then the 1x1 projection to the width, one token per output position, row-major like the patches.
 * Training it on wasm needs a Conv2DBackpropFilter kernel (models/demo/conv2d-filter-gradient.ts);
 * explanations never take gradients this far back.
 */
function convStemEmbed(x: tf.Tensor4D, w: VitWeights, c: VitConfig): tf.Tensor3D {
  let h = x;
  for (const conv of w.stem) h = tf.relu(tf.add(tf.conv2d(h, conv.kernel, 2, 'same'), conv.bias)) as tf.Tensor4D;
  const [n, rows, cols, channels] = h.shape;
  const projection = tf.reshape(w.patchKernel, [channels, c.width]);
  return tf.reshape(tf.add(matMulPlainGradient(tf.reshape(h, [n * rows * cols, channels]), projection), w.patchBias), [n, rows * cols, c.width]);
}

/** Patches -> tokens [N, 1 + P, D] with the class token first and position embeddings added. */
function embed(x: tf.Tensor4D, w: VitWeights, c: VitConfig): tf.Tensor3D {
  const n = x.shape[0];
  const tokens = patchEmbed(x, w, c);
  const cls = tf.tile(w.classToken, [n, 1, 1]);
  return tf.add(tf.concat([cls, tokens], 1), w.positions);
}

/** One pre-LN block. `gate`, when given, multiplies the attention probabilities; `onAttention` sees them. */
function applyBlock(
  x: tf.Tensor3D,
  w: BlockWeights,
  c: VitConfig,
  gate?: tf.Tensor4D,
  onAttention?: (probs: tf.Tensor4D) => void,
): tf.Tensor3D {
  const [n, t] = x.shape;
  const headWidth = c.width / c.heads;
  const normed = tf.reshape(layerNorm(x, w.norm1, LAYER_NORM_EPSILON), [n * t, c.width]);
  // Query, key and value each from their third of the qkv weights, heads folded into the batch axis,
  // [N * heads, T, headWidth]: on wasm, splitting the joint [N, T, 3, heads, headWidth] product (a 5-D
  // transpose, or tf.split) took longer than all three products.
  const project = (part: number): tf.Tensor3D => {
    const kernel = tf.slice(w.qkv.kernel, [0, part * c.width], [c.width, c.width]);
    const bias = tf.slice(w.qkv.bias, [part * c.width], [c.width]);
    const y = tf.reshape(tf.add(matMulPlainGradient(normed, kernel), bias), [n, t, c.heads, headWidth]);
    return tf.reshape(tf.transpose(y, [0, 2, 1, 3]), [n * c.heads, t, headWidth]);
  };
  const [q, k, v] = [0, 1, 2].map(project);
  const scores = tf.mul(matMulPlainGradient(q, tf.transpose(k, [0, 2, 1])), 1 / Math.sqrt(headWidth));
  const probs = tf.reshape(tf.softmax(scores), [n, c.heads, t, t]) as tf.Tensor4D;
  onAttention?.(probs);
  const mixed = tf.reshape(gate ? tf.mul(probs, gate) : probs, [n * c.heads, t, t]) as tf.Tensor3D;
  const weighted = tf.reshape(matMulPlainGradient(mixed, v), [n, c.heads, t, headWidth]);
  const merged = tf.reshape(tf.transpose(weighted, [0, 2, 1, 3]), [n, t, c.width]) as tf.Tensor3D;
  const y = tf.add(x, dense3d(merged, w.proj)) as tf.Tensor3D;
  return tf.add(y, dense3d(gelu(dense3d(layerNorm(y, w.norm2, LAYER_NORM_EPSILON), w.fc1)), w.fc2));
}

/** Final LayerNorm, class token, linear head. */
function classify(tokens: tf.Tensor3D, w: VitWeights, c: VitConfig): tf.Tensor2D {
  const n = tokens.shape[0];
  const cls = tf.reshape(tf.slice(layerNorm(tokens, w.norm, LAYER_NORM_EPSILON), [0, 0, 0], [n, 1, c.width]), [n, c.width]);
  return tf.add(matMulPlainGradient(cls, w.head.kernel), w.head.bias);
}

function checkBatch(batch: tf.Tensor4D, c: VitConfig): void {
  const [, h, wd, ch] = batch.shape;
  if (h !== c.inputSize || wd !== c.inputSize || ch !== 3) {
    throw new UsageError(`vit: expected an NHWC batch of ${c.inputSize}x${c.inputSize}x3 images; got ${h}x${wd}x${ch}`);
  }
}

/** Builds a ViT with seeded random weights (default shape ViT-Ti/16, see VIT_TINY; VIT_BASE for ViT-B/16). */
export function buildVit(options: VitOptions = {}): VisionTransformer {
  const c = resolveVitConfig(options);
  return vitFromWeights(c, initVitWeights(c));
}

/** What a saved model carries besides its weights. */
export interface VitMetadata {
  labels?: readonly string[];
  preprocess?: PreprocessSpec;
}

/**
 * The ViT of a resolved config over the given weights, which it then owns (dispose() frees them). Shapes are
 * checked by the caller (`vit-files.ts` when loading); the network reads them as `initVitWeights` lays them out.
 */
export function vitFromWeights(c: VitConfig, w: VitWeights, metadata: VitMetadata = {}): VisionTransformer {
  const side = c.inputSize / c.patchSize;

  const blocksFrom = (tokens: tf.Tensor3D, first: number, last: number, gates?: tf.Tensor4D[], onAttention?: (probs: tf.Tensor4D) => void): tf.Tensor3D => {
    let x = tokens;
    for (let b = first; b < last; b++) x = applyBlock(x, w.blocks[b], c, gates?.[b], onAttention);
    return x;
  };

  const resolveBlock = (block: number): number => {
    if (!Number.isSafeInteger(block) || block < 0 || block >= c.depth) {
      throw new UsageError(`vit: block must be an integer in [0, ${c.depth - 1}]; got ${String(block)}`);
    }
    return block;
  };

  return {
    config: c,
    patchGrid: { width: side, height: side },
    prefixTokens: VIT_PREFIX_TOKENS,
    numClasses: c.numClasses,
    depth: c.depth,
    heads: c.heads,
    predict: (batch) => {
      checkBatch(batch, c);
      return tf.tidy(() => classify(blocksFrom(embed(batch, w, c), 0, c.depth), w, c));
    },
    attentions: async (batch) => {
      checkBatch(batch, c);
      const attentions: tf.Tensor4D[] = [];
      const logits = tf.tidy(() => classify(blocksFrom(embed(batch, w, c), 0, c.depth, undefined, (p) => attentions.push(tf.keep(p))), w, c));
      return { logits, attentions };
    },
    gatedLogits: (batch, gates) => {
      checkBatch(batch, c);
      if (gates.length !== c.depth) throw new UsageError(`vit: expected ${c.depth} attention gates, one per block; got ${gates.length}`);
      return classify(blocksFrom(embed(batch, w, c), 0, c.depth, gates), w, c);
    },
    tokenSplit: (block = c.depth - 1) => {
      const cut = resolveBlock(block);
      return {
        block: cut,
        patchGrid: { width: side, height: side },
        prefixTokens: VIT_PREFIX_TOKENS,
        run: async (batch) => {
          checkBatch(batch, c);
          const tokens = tf.tidy(() => blocksFrom(embed(batch, w, c), 0, cut));
          const logits = tf.tidy(() => classify(blocksFrom(tokens, cut, c.depth), w, c));
          return { logits, tokens };
        },
        head: (tokens) => classify(blocksFrom(tokens, cut, c.depth), w, c),
      };
    },
    weights: w,
    labels: metadata.labels,
    preprocess: metadata.preprocess,
    dispose: () => tf.dispose(w as unknown as tf.TensorContainer),
  };
}
