import onnxProto from 'onnx-proto';
import { UsageError } from '../../errors.js';

/** The ONNX protobuf messages (generated protobufjs code from the ONNX project's onnx.proto). */
export const onnx = onnxProto.onnx;
export type ModelProto = onnxProto.onnx.ModelProto;
export type GraphProto = onnxProto.onnx.IGraphProto;
export type NodeProto = onnxProto.onnx.INodeProto;
export type TensorProto = onnxProto.onnx.ITensorProto;
export type AttributeProto = onnxProto.onnx.IAttributeProto;
export type ValueInfoProto = onnxProto.onnx.IValueInfoProto;

/** An int64 field as protobufjs hands it over: a number, or a Long object when the value needs 64 bits. */
export type Int64 = number | { toNumber(): number };

export function int64(value: Int64 | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

/** Decode ONNX model bytes; anything that is not a usable ModelProto is a one-line UsageError. */
export function decodeModel(bytes: Uint8Array, source: string): ModelProto {
  if (bytes.length === 0) throw new UsageError(`cannot load ONNX model ${source}: the file is empty`);
  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new UsageError(`cannot load ONNX model ${source}: not a valid ONNX file (${firstLine(e)})`);
  }
  const graph = model.graph;
  if (!graph?.node?.length || !graph.output?.length) {
    throw new UsageError(`cannot load ONNX model ${source}: not a valid ONNX file (no graph with nodes and outputs)`);
  }
  return model;
}

export function encodeModel(model: ModelProto): Uint8Array {
  return onnx.ModelProto.encode(model).finish();
}

export function firstLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split('\n')[0].trim();
}
