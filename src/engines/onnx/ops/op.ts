import type * as tf from '@tensorflow/tfjs';
import { UsageError } from '../../../errors.js';
import type { OnnxNode } from '../graph.js';
import type { HostTensor } from '../host-tensor.js';
import { isHost, type Value } from '../value.js';

/** What an op sees while it is compiled, once per program. */
export interface OpContext {
  readonly node: OnnxNode;
  /** Opset version of the default domain: a few ops changed meaning between versions (Softmax). */
  readonly opset: number;
  /** The value of input `i` when it is known before running (initializer, Constant, folded chain). */
  constant(i: number): HostTensor | undefined;
  /** Make a device tensor once (a transposed filter, a folded scale); freed when the program is. */
  keep<T extends tf.Tensor>(make: () => T): T;
}

/** The per-call part of a compiled op. Omitted optional inputs arrive as undefined. */
export type OpRun = (inputs: ReadonlyArray<Value | undefined>) => Value[];

/** One ONNX operator's translation to TF.js. */
export interface OpDef {
  /** Compile the node: prepare constants once, return what runs per call on device tensors. */
  build?: (ctx: OpContext) => OpRun;
  /** Evaluate on host values; used instead of `build` when every input is a host value. */
  host?: (inputs: ReadonlyArray<HostTensor | undefined>, node: OnnxNode, opset: number) => HostTensor[];
}

/** The input, or an error naming the node when a required input is missing. */
export function required<T extends Value>(inputs: ReadonlyArray<T | undefined>, i: number, node: OnnxNode): T {
  const v = inputs[i];
  if (v === undefined) throw new UsageError(`${node.opType} node '${node.name}' lacks its input #${i}`);
  return v;
}

/** Integers an input carries (axes, shape, pads): they must be known without running the model on device. */
export function hostInts(v: Value | undefined, what: string, node: OnnxNode): number[] | undefined {
  if (v === undefined) return undefined;
  if (!isHost(v)) {
    throw new UsageError(`${node.opType} node '${node.name}': its ${what} is computed from data, which the TF.js translation does not support`);
  }
  return v.numbers();
}

export function unsupported(node: OnnxNode, what: string): UsageError {
  return new UsageError(`${node.opType} node '${node.name}': ${what} is not supported`);
}
