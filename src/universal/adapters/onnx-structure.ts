/** What the adapters read of an ONNX graph to recognise a family: op counts and what follows a tensor. */
import type { OnnxGraph, OnnxNode } from '../../engines/onnx/graph.js';

/** Nodes of the given op types, in graph order. */
export function nodesOf(graph: OnnxGraph, ops: ReadonlySet<string>): OnnxNode[] {
  return graph.nodes.filter((n) => ops.has(n.opType));
}

/** Every node that reads `tensor`, directly or through other nodes, in graph order. */
export function downstreamOf(graph: OnnxGraph, tensor: string): OnnxNode[] {
  const seen = new Set<OnnxNode>();
  const stack = [tensor];
  while (stack.length > 0) {
    for (const node of graph.consumers(stack.pop() as string)) {
      if (seen.has(node)) continue;
      seen.add(node);
      stack.push(...node.outputs.filter((o) => o !== ''));
    }
  }
  return [...seen].sort((a, b) => a.index - b.index);
}

/** True when the node's output is a graph output, directly or through Identity/Cast nodes. */
export function feedsOutput(graph: OnnxGraph, node: OnnxNode): boolean {
  const outputs = new Set(graph.outputs.map((o) => o.name));
  let current = node;
  for (;;) {
    if (current.outputs.some((o) => outputs.has(o))) return true;
    const next = current.outputs.flatMap((o) => graph.consumers(o));
    if (next.length !== 1 || !['Identity', 'Cast'].includes(next[0].opType)) return false;
    current = next[0];
  }
}

/** "52 Conv" or "2 Conv, 50 QLinearConv": how many of each op type. */
export function countsByOp(nodes: readonly OnnxNode[]): string {
  const counts = new Map<string, number>();
  for (const n of nodes) counts.set(n.opType, (counts.get(n.opType) ?? 0) + 1);
  return [...counts].map(([op, c]) => `${c} ${op}`).join(', ');
}
