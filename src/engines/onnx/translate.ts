import type * as tf from '@tensorflow/tfjs';
import { parseOnnx, type OnnxGraph, type OnnxNode } from './graph.js';
import { Program } from './program.js';
import { BYTES_SOURCE } from './source.js';

/** A whole ONNX model as TF.js code. */
export interface TfjsTranslation {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Run on inputs in the model's own layout (NCHW for PyTorch exports); the caller disposes the outputs. */
  run(...inputs: tf.Tensor[]): tf.Tensor[];
  dispose(): void;
}

/** The nodes the graph's outputs depend on, in graph order (dead branches left out). */
export function liveNodes(graph: OnnxGraph, outputs: readonly string[]): OnnxNode[] {
  const live = new Set<OnnxNode>();
  const stack = [...outputs];
  while (stack.length > 0) {
    const node = graph.producer(stack.pop()!);
    if (!node || live.has(node)) continue;
    live.add(node);
    stack.push(...node.inputs.filter((i) => i !== ''));
  }
  return [...live].sort((a, b) => a.index - b.index);
}

/** The whole graph compiled to TF.js; an op without a translation is a UsageError naming the op and its node. */
export function wholeModelProgram(graph: OnnxGraph): Program {
  const outputs = graph.outputs.map((o) => o.name);
  return Program.compile(graph, { nodes: liveNodes(graph, outputs), inputs: graph.inputs.map((i) => i.name), outputs });
}

/**
 * Translate a whole ONNX model (parsed, or its bytes) to TF.js ops: every op must have a translation.
 * Weights are uploaded once, when translating; `dispose()` frees them.
 */
export function translateOnnxToTfjs(model: OnnxGraph | Uint8Array): TfjsTranslation {
  const graph = model instanceof Uint8Array ? parseOnnx(model, BYTES_SOURCE) : model;
  const program = wholeModelProgram(graph);
  return {
    inputNames: graph.inputs.map((i) => i.name),
    outputNames: graph.outputs.map((o) => o.name),
    run: (...inputs) => program.run(inputs, { freeIntermediates: true }),
    dispose: () => {
      program.dispose();
      if (model instanceof Uint8Array) graph.release();
    },
  };
}
