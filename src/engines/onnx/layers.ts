import type { LayerInfo } from '../types.js';
import type { OnnxGraph, OnnxNode } from './graph.js';
import { isSupportedOp } from './ops/index.js';
import type { SymbolicDim } from './program.js';
import { quantParamsOf, type QuantParams } from './quantization.js';
import { SHAPE_READERS, type TensorInfo } from './shapes.js';

/** A tensor Grad-CAM can target, with everything needed to cut the graph there. */
export interface Candidate {
  layer: LayerInfo;
  /** For an 8-bit tensor: how to read it as float (the tap goes out through a DequantizeLinear). */
  quant?: QuantParams;
  /** The nodes from the tensor to the logits, in graph order. */
  head: OnnxNode[];
  /** Shapes the head reads of tensors before the cut (e.g. `Shape(input)` for a batch size). */
  outsideShapes: Map<string, readonly SymbolicDim[]>;
}

const FLOAT_TYPES = new Set(['float32', 'float16', 'float64']);
const QUANTIZED_TYPES = new Set(['uint8', 'int8']);

/**
 * Candidate target layers, in graph order: 4-D tensors [N, C, H, W] with H*W > 1 that every path from the
 * input to the logits passes through (so the logits are a function of that tensor alone: the head), and
 * whose head translates to TF.js. A tensor inside a residual block fails the first test: the skip
 * connection carries information around it.
 */
export function findCandidates(graph: OnnxGraph, shapes: ReadonlyMap<string, TensorInfo>, logits: string): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  for (const node of graph.nodes) {
    for (const tensor of node.outputs) {
      if (!tensor || seen.has(tensor)) continue;
      seen.add(tensor);
      const info = shapes.get(tensor);
      if (!info || info.dims.length !== 4 || info.dims[0] !== 1 || info.dims[2] * info.dims[3] <= 1) continue;
      const quantized = QUANTIZED_TYPES.has(info.type);
      if (!quantized && !FLOAT_TYPES.has(info.type)) continue;
      const quant = quantized ? quantParamsOf(graph, tensor) : undefined;
      if (quantized && !quant) continue;
      const cut = headOf(graph, tensor, logits, shapes);
      if (!cut || !cut.head.every((n) => isSupportedOp(n.opType))) continue;
      out.push({
        layer: { name: tensor, shape: info.dims.slice(1), channelAxis: 1, type: node.opType },
        quant,
        ...cut,
      });
    }
  }
  return out;
}

/**
 * The head from `tensor` to `logits`, or null when `tensor` is not a cut (some path from the graph's input
 * reaches the logits around it). Shape reads of tensors before the cut are allowed when shape inference
 * knows their shape in terms of the batch size.
 */
export function headOf(
  graph: OnnxGraph,
  tensor: string,
  logits: string,
  shapes: ReadonlyMap<string, TensorInfo>,
): Pick<Candidate, 'head' | 'outsideShapes'> | null {
  const after = downstreamOf(graph, tensor);
  const head = new Set<OnnxNode>();
  const outsideShapes = new Map<string, readonly SymbolicDim[]>();
  const stack = [logits];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (name === tensor || graph.isInitializer(name)) continue;
    const node = graph.producer(name);
    if (!node) return null; // a graph input, reached without passing the cut
    if (head.has(node)) continue;
    head.add(node);
    for (const input of node.inputs) {
      if (!input) continue;
      const symbolic = SHAPE_READERS.has(node.opType) && !after.has(input) && input !== tensor ? shapes.get(input)?.symbolic : undefined;
      if (symbolic) outsideShapes.set(input, symbolic);
      else stack.push(input);
    }
  }
  return { head: [...head].sort((a, b) => a.index - b.index), outsideShapes };
}

/** Every tensor computed from `tensor`. */
function downstreamOf(graph: OnnxGraph, tensor: string): Set<string> {
  const reached = new Set<string>();
  const stack = [tensor];
  while (stack.length > 0) {
    for (const node of graph.consumers(stack.pop()!)) {
      for (const out of node.outputs) {
        if (out && !reached.has(out)) {
          reached.add(out);
          stack.push(out);
        }
      }
    }
  }
  return reached;
}
