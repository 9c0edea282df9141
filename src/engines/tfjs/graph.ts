import type * as tf from '@tensorflow/tfjs';
import { UsageError } from '../../errors.js';

type Layer = tf.layers.Layer;
type SymbolicTensor = tf.SymbolicTensor;

/** One layer application in a LayersModel: which tensors it reads and the tensor it writes. */
export interface GraphStep {
  layer: Layer;
  inputIds: number[];
  outputId: number;
  /** Output shape without the batch axis. */
  shape: number[];
}

/**
 * The model's layers as a list of steps in topological order, keyed by symbolic tensor ids.
 * Input layers are not steps; their tensors are the graph's inputs.
 */
export function graphSteps(model: tf.LayersModel): GraphStep[] {
  const steps: GraphStep[] = [];
  for (const layer of model.layers) {
    if (layer.getClassName() === 'InputLayer') continue;
    if (layer.inboundNodes.length !== 1) {
      throw new UsageError(`layer '${layer.name}' is applied ${layer.inboundNodes.length} times; shared layers are not supported`);
    }
    const node = layer.inboundNodes[0];
    if (node.outputTensors.length !== 1) {
      throw new UsageError(`layer '${layer.name}' has ${node.outputTensors.length} outputs; only single-output layers are supported`);
    }
    const out: SymbolicTensor = node.outputTensors[0];
    steps.push({
      layer,
      inputIds: node.inputTensors.map((t) => t.id),
      outputId: out.id,
      shape: out.shape.slice(1).map((d) => d ?? -1),
    });
  }
  return steps;
}

/**
 * Indices of the steps whose output every path from the input to the output passes through. Only such a
 * layer splits the model into a body and a head that depends on nothing but the layer's activations.
 * Why the crossing-edge test is enough: a dominator's ancestors all precede it and its descendants all
 * follow it in any topological order, so an edge crossing it would be a path that bypasses it.
 */
export function cutPoints(steps: GraphStep[]): Set<number> {
  const producedAt = new Map<number, number>();
  steps.forEach((s, i) => producedAt.set(s.outputId, i));
  // For every step, the latest step that still reads its output.
  const lastReader = new Array<number>(steps.length).fill(-1);
  steps.forEach((s, i) => {
    for (const id of s.inputIds) {
      const p = producedAt.get(id);
      if (p !== undefined) lastReader[p] = Math.max(lastReader[p], i);
    }
  });
  const cuts = new Set<number>();
  let reach = -1; // furthest step read by any output produced before i
  for (let i = 0; i < steps.length; i++) {
    if (reach <= i) cuts.add(i);
    reach = Math.max(reach, lastReader[i]);
  }
  return cuts;
}

/** True for 4-D activations with a real spatial extent (a 1x1 map carries no location). */
export function isSpatial(shape: number[]): boolean {
  return shape.length === 3 && shape[0] * shape[1] > 1;
}
