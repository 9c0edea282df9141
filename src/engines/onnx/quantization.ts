import type { OnnxGraph } from './graph.js';

/** The scale and zero-point tensors that give an 8-bit tensor its float meaning. */
export interface QuantParams {
  scale: string;
  zeroPoint: string;
}

/** For ops that produce a quantized tensor: the input positions of the output's scale and zero point. */
const OUTPUT_PARAMS: Record<string, [number, number]> = {
  QuantizeLinear: [1, 2],
  QLinearConv: [6, 7],
  QLinearMatMul: [6, 7],
  QLinearAdd: [6, 7],
  QLinearMul: [6, 7],
  QLinearGlobalAveragePool: [3, 4],
  QLinearAveragePool: [3, 4],
  QLinearSigmoid: [3, 4],
  QLinearLeakyRelu: [3, 4],
  QLinearConcat: [0, 1],
};

/** Ops that move 8-bit data without changing its scale. */
const SCALE_PRESERVING = new Set(['MaxPool', 'Reshape', 'Flatten', 'Transpose', 'Squeeze', 'Unsqueeze', 'Identity', 'Slice', 'Resize']);

/** Where the float meaning of quantized tensor `name` is defined, or undefined when it cannot be traced. */
export function quantParamsOf(graph: OnnxGraph, name: string): QuantParams | undefined {
  const node = graph.producer(name);
  if (!node) return undefined;
  const positions = OUTPUT_PARAMS[node.opType];
  if (positions) {
    const [scale, zeroPoint] = positions.map((p) => node.inputs[p] ?? '');
    return scale ? { scale, zeroPoint } : undefined;
  }
  return SCALE_PRESERVING.has(node.opType) ? quantParamsOf(graph, node.inputs[0]) : undefined;
}
