/**
 * Recognises a ViT-style ONNX graph (Dosovitskiy et al., ICLR 2021, as torchvision, timm and Hugging Face
 * export it) from its nodes and the shapes one ONNX Runtime run measured: a patch-embedding Conv whose
 * kernel equals its stride, attention Softmax nodes over [.., T, T] with T = prefix tokens + patches, and
 * the token stream [N, T, D] between the blocks. Everything is derived from shapes, nothing from node names.
 */
import type { OnnxGraph, OnnxNode } from '../graph.js';
import { headOf } from '../layers.js';
import { isSupportedOp } from '../ops/index.js';
import type { SymbolicDim } from '../program.js';
import type { TensorInfo } from '../shapes.js';
import { findPatchEmbedding } from './patch-embedding.js';
import { selfAttentionSoftmaxes } from './self-attention.js';

/** Class, distillation and register tokens: more than this many tokens before the patches is not a ViT we know. */
const MAX_PREFIX_TOKENS = 8;

/** One encoder block as the graph computes it. */
export interface VitGraphBlock {
  /** The Softmax output: the block's attention probabilities. */
  attention: string;
  /** Its dims for a batch of one: [heads, T, T] (heads folded into the batch axis) or [1, heads, T, T]. */
  attentionDims: readonly number[];
  heads: number;
  /** The token stream [N, T, D] entering the block. */
  input: string;
  /** The nodes from `input` to the logits and the shapes they read of earlier tensors, or why they do not translate to TF.js. */
  head: { nodes: OnnxNode[]; outsideShapes: Map<string, readonly SymbolicDim[]> } | string;
}

export interface VitGraphLayout {
  input: string;
  logits: string;
  /** The patch-embedding Conv: its node name and its kernel (= stride), [height, width]. */
  patchConv: string;
  patchSize: [number, number];
  patchGrid: { width: number; height: number };
  prefixTokens: number;
  /** T: prefix tokens plus patches. */
  tokens: number;
  /** D: the token width (the patch Conv's output channels). */
  width: number;
  blocks: VitGraphBlock[];
}

/**
 * The token stream entering a block: of the [1, T, D] tensors computed after the previous block's attention
 * and before this one's, the last that every path to the logits passes through (the residual stream itself,
 * not a branch of it).
 */
function blockInput(
  graph: OnnxGraph,
  shapes: ReadonlyMap<string, TensorInfo>,
  from: number,
  to: number,
  tokenDims: readonly number[],
  logits: string,
): { tensor: string; head: VitGraphBlock['head'] } | undefined {
  for (let i = to - 1; i > from; i--) {
    for (const tensor of graph.nodes[i].outputs) {
      const dims = shapes.get(tensor)?.dims;
      if (!dims || dims.length !== 3 || !dims.every((d, k) => d === tokenDims[k])) continue;
      const cut = headOf(graph, tensor, logits, shapes);
      if (!cut) continue;
      const missing = [...new Set(cut.head.filter((n) => !isSupportedOp(n.opType)).map((n) => n.opType))];
      return {
        tensor,
        head: missing.length > 0 ? `the layers after it use ops without a TF.js translation (${missing.join(', ')})` : { nodes: cut.head, outsideShapes: cut.outsideShapes },
      };
    }
  }
  return undefined;
}

/** The layout of a ViT-style graph, or the reason (one line) it is not one. */
export function recogniseVisionTransformer(graph: OnnxGraph, shapes: ReadonlyMap<string, TensorInfo>): VitGraphLayout | string {
  const input = graph.inputs[0]?.name;
  const logits = graph.outputs[0]?.name;
  if (!input || !logits) return 'the graph has no input or no output';
  const softmaxes = selfAttentionSoftmaxes(graph);
  if (softmaxes.length === 0) return 'no self-attention: no Softmax over a product of two activations (query x key)';
  const conv = findPatchEmbedding(graph);
  const convDims = conv && shapes.get(conv.node.outputs[0])?.dims;
  if (!conv || !convDims || convDims.length !== 4) return 'no patch embedding: no Conv whose kernel equals its stride';
  const [, width, gridHeight, gridWidth] = convDims;
  const patches = gridHeight * gridWidth;
  const first = shapes.get(softmaxes[0].outputs[0])?.dims ?? [];
  const tokens = first.at(-1) ?? 0;
  const prefixTokens = tokens - patches;
  if (first.length < 3 || first.at(-2) !== tokens || prefixTokens < 0 || prefixTokens > MAX_PREFIX_TOKENS) {
    return `attention over [${first.join(', ')}] does not match ${patches} patches (a ${gridWidth}x${gridHeight} grid) plus up to ${MAX_PREFIX_TOKENS} prefix tokens`;
  }
  const tokenDims = [1, tokens, width];
  const blocks: VitGraphBlock[] = [];
  let previous = conv.node.index;
  for (const softmax of softmaxes) {
    const dims = shapes.get(softmax.outputs[0])?.dims ?? [];
    const leading = dims.slice(0, -2);
    const foldedHeads = leading.length === 1;
    const splitHeads = leading.length === 2 && leading[0] === 1;
    if (dims.at(-1) !== tokens || dims.at(-2) !== tokens || !(foldedHeads || splitHeads)) {
      return `Softmax '${softmax.name}' is over [${dims.join(', ')}]; expected [heads, ${tokens}, ${tokens}] or [1, heads, ${tokens}, ${tokens}]`;
    }
    const cut = blockInput(graph, shapes, previous, softmax.index, tokenDims, logits);
    if (!cut) return `no token stream [N, ${tokens}, ${width}] enters the block of Softmax '${softmax.name}'`;
    blocks.push({ attention: softmax.outputs[0], attentionDims: dims, heads: leading.at(-1)!, input: cut.tensor, head: cut.head });
    previous = softmax.index;
  }
  return {
    input,
    logits,
    patchConv: conv.node.name,
    patchSize: conv.patch,
    patchGrid: { width: gridWidth, height: gridHeight },
    prefixTokens,
    tokens,
    width,
    blocks,
  };
}
