import type { HostTensor } from './host-tensor.js';
import { decodeModel, int64, type AttributeProto, type Int64, type ModelProto, type TensorProto, type ValueInfoProto } from './proto.js';
import { tensorFromProto } from './tensor-proto.js';

/** One node, with the fields the engine reads, in plain types. */
export interface OnnxNode {
  /** Position in the graph's (topologically sorted) node list. */
  readonly index: number;
  /** The node's name, or `<OpType>_<index>` when the exporter left it empty. */
  readonly name: string;
  readonly opType: string;
  readonly domain: string;
  /** Input tensor names; '' marks an omitted optional input. */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: ReadonlyMap<string, AttributeProto>;
}

/** A graph input or output as declared: element type and dims (a string for a symbolic dim, null unknown). */
export interface DeclaredValue {
  readonly name: string;
  readonly elemType: number;
  readonly dims: ReadonlyArray<number | string | null> | null;
}

/** A parsed ONNX model: the node list plus lookups the engine needs (producers, consumers, constants). */
export class OnnxGraph {
  readonly nodes: readonly OnnxNode[];
  /** Runtime inputs (initializers that older exporters also list as inputs are left out). */
  readonly inputs: readonly DeclaredValue[];
  readonly outputs: readonly DeclaredValue[];
  /** Opset version of the default ONNX domain. */
  readonly opset: number;
  private readonly initializers: Map<string, TensorProto>;
  private readonly decoded = new Map<string, HostTensor>();
  private readonly producers = new Map<string, OnnxNode>();
  private readonly consumerLists = new Map<string, OnnxNode[]>();

  constructor(readonly model: ModelProto, readonly source: string) {
    const graph = model.graph!;
    this.initializers = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
    this.nodes = (graph.node ?? []).map((n, index) => ({
      index,
      name: n.name || `${n.opType}_${index}`,
      opType: n.opType ?? '',
      domain: n.domain ?? '',
      inputs: n.input ?? [],
      outputs: n.output ?? [],
      attributes: new Map((n.attribute ?? []).map((a) => [a.name ?? '', a])),
    }));
    this.inputs = (graph.input ?? []).filter((v) => !this.initializers.has(v.name ?? '')).map(declared);
    this.outputs = (graph.output ?? []).map(declared);
    const defaultDomain = (model.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
    this.opset = int64(defaultDomain?.version as Int64 | undefined);
    for (const node of this.nodes) {
      for (const out of node.outputs) if (out) this.producers.set(out, node);
      for (const inp of node.inputs) {
        if (!inp) continue;
        const list = this.consumerLists.get(inp) ?? [];
        list.push(node);
        this.consumerLists.set(inp, list);
      }
    }
  }

  isInitializer(name: string): boolean {
    return this.initializers.has(name);
  }

  /** An initializer's value, decoded on first use. */
  initializer(name: string): HostTensor | undefined {
    const cached = this.decoded.get(name);
    if (cached) return cached;
    const proto = this.initializers.get(name);
    if (!proto) return undefined;
    const value = tensorFromProto(proto);
    this.decoded.set(name, value);
    return value;
  }

  producer(name: string): OnnxNode | undefined {
    return this.producers.get(name);
  }

  consumers(name: string): readonly OnnxNode[] {
    return this.consumerLists.get(name) ?? [];
  }

  /** Free device copies of decoded initializers. */
  release(): void {
    for (const value of this.decoded.values()) value.release();
  }
}

export function parseOnnx(bytes: Uint8Array, source: string): OnnxGraph {
  return new OnnxGraph(decodeModel(bytes, source), source);
}

function declared(v: ValueInfoProto): DeclaredValue {
  const tensorType = v.type?.tensorType;
  const shape = tensorType?.shape;
  return {
    name: v.name ?? '',
    elemType: tensorType?.elemType ?? 0,
    dims: shape ? (shape.dim ?? []).map((d) => (d.dimParam ? d.dimParam : d.dimValue !== null && d.dimValue !== undefined ? int64(d.dimValue) : null)) : null,
  };
}
