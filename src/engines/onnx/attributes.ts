import type { OnnxNode } from './graph.js';
import type { HostTensor } from './host-tensor.js';
import { int64, type Int64 } from './proto.js';
import { tensorFromProto } from './tensor-proto.js';

/** Readers for node attributes, each with the default the ONNX operator spec gives. */
export function attrInt(node: OnnxNode, name: string, fallback: number): number {
  const a = node.attributes.get(name);
  return a ? int64(a.i as Int64) : fallback;
}

export function attrFloat(node: OnnxNode, name: string, fallback: number): number {
  const a = node.attributes.get(name);
  return a ? (a.f ?? fallback) : fallback;
}

export function attrInts(node: OnnxNode, name: string): number[] | undefined {
  const a = node.attributes.get(name);
  return a ? (a.ints ?? []).map((v: Int64) => int64(v)) : undefined;
}

export function attrFloats(node: OnnxNode, name: string): number[] | undefined {
  const a = node.attributes.get(name);
  return a ? [...(a.floats ?? [])] : undefined;
}

export function attrString(node: OnnxNode, name: string, fallback: string): string {
  const a = node.attributes.get(name);
  return a?.s ? new TextDecoder().decode(a.s) : fallback;
}

export function attrTensor(node: OnnxNode, name: string): HostTensor | undefined {
  const t = node.attributes.get(name)?.t;
  return t ? tensorFromProto(t) : undefined;
}

export function hasAttr(node: OnnxNode, name: string): boolean {
  return node.attributes.has(name);
}
