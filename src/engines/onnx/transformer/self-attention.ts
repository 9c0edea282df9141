/**
 * What marks an ONNX graph as a transformer, from the graph alone (no shapes, no ONNX Runtime): a Softmax
 * over a product of two activations. Self-attention computes softmax(Q K^T / sqrt(d)) where both Q and K
 * are computed from the input; a convolutional classifier's Softmax, if it has one, reads a Gemm or MatMul
 * against constant weights, and its only products of two activations are element-wise (squeeze-excitation).
 */
import type { OnnxGraph, OnnxNode } from '../graph.js';

/**
 * Ops that may sit between the query-key product and its Softmax: the 1/sqrt(d) scaling, an additive mask,
 * casts and reshapes (heads folded into or out of the batch axis).
 */
const BETWEEN_PRODUCT_AND_SOFTMAX = new Set(['Div', 'Mul', 'Add', 'Sub', 'Where', 'Cast', 'Reshape', 'Identity', 'Transpose']);

/** How many such ops are followed back from a Softmax before giving up. */
const MAX_STEPS_BACK = 6;

function isConstant(graph: OnnxGraph, tensor: string): boolean {
  if (graph.isInitializer(tensor)) return true;
  const producer = graph.producer(tensor);
  return producer !== undefined && (producer.opType === 'Constant' || producer.opType === 'ConstantOfShape');
}

/** Whether `tensor` is a MatMul of two activations, possibly scaled, masked or reshaped after it. */
function isActivationProduct(graph: OnnxGraph, tensor: string, steps: number): boolean {
  const node = graph.producer(tensor);
  if (!node || steps > MAX_STEPS_BACK) return false;
  if (node.opType === 'MatMul') return node.inputs.every((i) => i !== '' && !isConstant(graph, i) && graph.producer(i) !== undefined);
  if (!BETWEEN_PRODUCT_AND_SOFTMAX.has(node.opType)) return false;
  return node.inputs.some((i) => i !== '' && !isConstant(graph, i) && isActivationProduct(graph, i, steps + 1));
}

/** The graph's attention Softmax nodes, in graph order: each normalises a product of two activations. */
export function selfAttentionSoftmaxes(graph: OnnxGraph): OnnxNode[] {
  return graph.nodes.filter((n) => n.opType === 'Softmax' && n.inputs[0] !== undefined && isActivationProduct(graph, n.inputs[0], 0));
}
