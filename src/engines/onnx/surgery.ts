import type { OnnxGraph } from './graph.js';
import { encodeModel, onnx } from './proto.js';
import type { QuantParams } from './quantization.js';

/** A tensor to expose as an extra graph output; a quantized one goes out through a DequantizeLinear. */
export interface Tap {
  tensor: string;
  dequantize?: QuantParams;
}

/** Suffix of the float output added for a quantized tap. */
const FLOAT_TAP_SUFFIX = '__litecam_float';

/** The name under which a tap's (float) values come out of the edited model. */
export function tapOutputName(tap: Tap): string {
  return tap.dequantize ? `${tap.tensor}${FLOAT_TAP_SUFFIX}` : tap.tensor;
}

/**
 * The model re-encoded with the taps added as graph outputs, so one ONNX Runtime run returns the logits and
 * the activations together. The parsed model is not modified. Output types are left for ONNX Runtime to infer.
 */
export function withTaps(graph: OnnxGraph, taps: readonly Tap[]): Uint8Array {
  const original = graph.model.graph!;
  const existing = new Set((original.output ?? []).map((o) => o.name));
  const extraNodes = taps.flatMap((tap) => (tap.dequantize
    ? [onnx.NodeProto.create({
      opType: 'DequantizeLinear',
      name: `${tap.tensor}${FLOAT_TAP_SUFFIX}_node`,
      input: [tap.tensor, tap.dequantize.scale, tap.dequantize.zeroPoint],
      output: [tapOutputName(tap)],
    })]
    : []));
  const extraOutputs = taps.map(tapOutputName).filter((name) => !existing.has(name)).map((name) => onnx.ValueInfoProto.create({ name }));
  const edited = onnx.GraphProto.create({
    ...original,
    node: [...(original.node ?? []), ...extraNodes],
    output: [...(original.output ?? []), ...extraOutputs],
  });
  return encodeModel(onnx.ModelProto.create({ ...graph.model, graph: edited }));
}
