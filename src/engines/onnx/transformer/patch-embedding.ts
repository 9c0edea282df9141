/**
 * A ViT's patch embedding as exported: one Conv whose kernel equals its stride, so each output position
 * sees exactly one non-overlapping patch (Dosovitskiy et al. 2021, Section 3.1). CNN stems overlap their
 * windows (a 7x7 kernel at stride 2, a 3x3 at stride 2); the rare non-overlapping stem (ConvNeXt's 4x4
 * "patchify") is told apart by what follows it: no self-attention (`self-attention.ts`).
 */
import { attrInt, attrInts } from '../attributes.js';
import type { OnnxGraph, OnnxNode } from '../graph.js';

export interface PatchEmbedding {
  node: OnnxNode;
  /** The kernel (= stride), [height, width]. */
  patch: [number, number];
}

/** The first Conv in graph order whose kernel equals its stride (larger than 1), from attributes and weights alone. */
export function findPatchEmbedding(graph: OnnxGraph): PatchEmbedding | undefined {
  for (const node of graph.nodes) {
    if (node.opType !== 'Conv' || attrInt(node, 'group', 1) !== 1) continue;
    const kernel = attrInts(node, 'kernel_shape') ?? graph.initializer(node.inputs[1])?.dims.slice(2);
    const strides = attrInts(node, 'strides');
    if (!kernel || !strides || kernel.length !== 2 || strides.length !== 2) continue;
    if (kernel[0] > 1 && kernel[0] === strides[0] && kernel[1] === strides[1]) return { node, patch: [kernel[0], kernel[1]] };
  }
  return undefined;
}
