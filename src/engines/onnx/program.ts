import * as tf from '@tensorflow/tfjs';
import { UsageError } from '../../errors.js';
import type { OnnxGraph, OnnxNode } from './graph.js';
import type { HostTensor } from './host-tensor.js';
import { OP_TABLE } from './ops/index.js';
import type { OpContext, OpRun } from './ops/op.js';
import { firstLine } from './proto.js';
import { asTensor, isHost, ShapeOnly, type Value } from './value.js';

/** A dim that is either fixed or a multiple of the batch size. */
export type SymbolicDim = number | { perExample: number };

export interface ProgramSpec {
  /** The nodes to run, in graph (topological) order. */
  nodes: readonly OnnxNode[];
  /** Tensors fed per call, in this order. */
  inputs: readonly string[];
  /** Tensors returned per call, in this order. */
  outputs: readonly string[];
  /**
   * Tensors the program does not compute but whose Shape it reads (e.g. `Shape(input)` in a head): their
   * shapes from shape inference, with batch-sized dims resolved from the first input's batch per call.
   */
  outsideShapes?: ReadonlyMap<string, readonly SymbolicDim[]>;
}

/** Where a step reads an input: a compile-time constant, a per-call slot, or nothing (omitted optional). */
type Source = { constant: HostTensor } | { slot: number } | undefined;

interface Step {
  node: OnnxNode;
  sources: Source[];
  outputs: number[];
  /** How many leading outputs later steps or the program's outputs read. */
  needed: number;
  run?: OpRun;
  host?: (typeof OP_TABLE)[string]['host'];
  opset: number;
}

export interface RunOptions {
  /** Tensors to return after the outputs (e.g. a target layer's activations), by name. */
  also?: readonly string[];
  /**
   * Dispose each intermediate tensor after its last use (forward passes). Leave off when the run is being
   * differentiated: tf.grad holds on to what it needs, but the caller's tidy is the simpler owner there.
   */
  freeIntermediates?: boolean;
}

/**
 * An ONNX (sub)graph compiled to TF.js: constant chains are folded once, weights laid out for TF.js once,
 * and each call runs the remaining nodes eagerly, so tf.grad differentiates through it like any TF.js code.
 */
export class Program {
  private constructor(
    private readonly steps: Step[],
    private readonly inputSlots: number[],
    private readonly outputSources: Source[],
    private readonly outside: Array<{ slot: number; dims: readonly SymbolicDim[] }>,
    private readonly lastUse: Map<number, number>,
    private readonly owned: HostTensor[],
    private readonly kept: tf.Tensor[],
    private readonly sourceOf: (name: string) => Source,
  ) {}

  static compile(graph: OnnxGraph, spec: ProgramSpec): Program {
    const slots = new Map<string, number>();
    const slotOf = (name: string): number => {
      let s = slots.get(name);
      if (s === undefined) {
        s = slots.size;
        slots.set(name, s);
      }
      return s;
    };
    const known = new Map<string, HostTensor>();
    const owned: HostTensor[] = [];
    const kept: tf.Tensor[] = [];
    const inputSlots = spec.inputs.map(slotOf);
    const outside = [...(spec.outsideShapes ?? new Map<string, readonly SymbolicDim[]>())].map(([name, dims]) => ({ slot: slotOf(name), dims }));
    const sourceOf = (name: string): Source => {
      if (name === '') return undefined;
      const constant = known.get(name) ?? (slots.has(name) ? undefined : graph.initializer(name));
      if (constant) return { constant };
      if (!slots.has(name)) throw new Error(`internal: tensor '${name}' is read before it is computed`);
      return { slot: slots.get(name)! };
    };
    const steps: Step[] = [];
    for (const node of spec.nodes) {
      const def = OP_TABLE[node.opType];
      if (!def) throw new UsageError(`op '${node.opType}' (node '${node.name}') has no TF.js translation`);
      const sources = node.inputs.map(sourceOf);
      const constants = sources.map((s) => (s && 'constant' in s ? s.constant : undefined));
      if (def.host && sources.every((s) => s === undefined || 'constant' in s)) {
        const values = withNodeContext(node, () => def.host!(constants, node, graph.opset));
        values.forEach((v, i) => {
          const persistent = v.asPersistent();
          if (!constants.includes(v)) owned.push(persistent);
          known.set(node.outputs[i], persistent);
        });
        continue;
      }
      const ctx: OpContext = {
        node,
        opset: graph.opset,
        constant: (i) => constants[i],
        keep: (make) => {
          const t = tf.keep(tf.tidy(make));
          kept.push(t);
          return t;
        },
      };
      const run = def.build ? withNodeContext(node, () => def.build!(ctx)) : undefined;
      steps.push({ node, sources, outputs: node.outputs.map(slotOf), needed: 0, run, host: def.host, opset: graph.opset });
    }
    const outputSources = spec.outputs.map(sourceOf);
    const read = new Set([...steps, { sources: outputSources }].flatMap((s) => s.sources.flatMap((src) => (src && 'slot' in src ? [src.slot] : []))));
    for (const step of steps) step.needed = step.outputs.reduce((n, slot, k) => (read.has(slot) ? k + 1 : n), 0);
    const lastUse = new Map<number, number>();
    steps.forEach((step, i) => {
      for (const s of step.outputs) if (!lastUse.has(s)) lastUse.set(s, i);
      for (const s of step.sources) if (s && 'slot' in s) lastUse.set(s.slot, i);
    });
    for (const s of [...inputSlots, ...outputSources.flatMap((o) => (o && 'slot' in o ? [o.slot] : []))]) lastUse.delete(s);
    return new Program(steps, inputSlots, outputSources, outside, lastUse, owned, kept, sourceOf);
  }

  /** Run on the given feeds (in `inputs` order); returns new tensors the caller owns, in `outputs` order. */
  run(feeds: readonly tf.Tensor[], options: RunOptions = {}): tf.Tensor[] {
    const extra = (options.also ?? []).map((name) => this.sourceOf(name));
    const kept = new Set(extra.flatMap((s) => (s && 'slot' in s ? [s.slot] : [])));
    const values: Array<Value | undefined> = [];
    const holders = new Map<tf.Tensor, number>();
    const hold = (v: Value | undefined, delta: number): void => {
      if (!(v instanceof tf.Tensor)) return;
      const n = (holders.get(v) ?? 0) + delta;
      holders.set(v, n);
      if (n === 0) v.dispose();
    };
    this.inputSlots.forEach((slot, i) => {
      values[slot] = feeds[i];
      hold(feeds[i], 2); // never reaches zero: feeds belong to the caller
    });
    const batch = feeds[0]?.shape[0] ?? 1;
    for (const { slot, dims } of this.outside) {
      values[slot] = new ShapeOnly(dims.map((d) => (typeof d === 'number' ? d : d.perExample * batch)));
    }
    const read = (s: Source): Value | undefined => (s === undefined ? undefined : 'constant' in s ? s.constant : values[s.slot]);
    try {
      this.steps.forEach((step, i) => {
        const inputs = step.sources.map(read);
        let outputs: Value[] = [];
        // Each step in its own tidy: temporaries die here, only the step's outputs leave.
        tf.tidy(() => {
          outputs = withNodeContext(step.node, () => execute(step, inputs));
          return outputs.filter((v): v is tf.Tensor => v instanceof tf.Tensor);
        });
        step.outputs.forEach((slot, k) => {
          values[slot] = outputs[k];
          hold(outputs[k], 1);
        });
        if (!options.freeIntermediates) return;
        for (const slot of new Set([...step.outputs, ...step.sources.flatMap((s) => (s && 'slot' in s ? [s.slot] : []))])) {
          if (this.lastUse.get(slot) === i && !kept.has(slot)) hold(values[slot], -1);
        }
      });
    } catch (e) {
      for (const t of holders.keys()) if (!feeds.includes(t)) t.dispose();
      throw e;
    }
    return [...this.outputSources, ...extra].map((s) => {
      const v = read(s);
      if (v === undefined) throw new Error('internal: a program output was never computed');
      const t = asTensor(v);
      // The caller disposes what it gets: hand out a fresh handle to a feed or a kept constant.
      return isHost(v) || feeds.includes(t) ? tf.clone(t) : t;
    });
  }

  dispose(): void {
    for (const t of this.kept) t.dispose();
    for (const h of this.owned) h.release();
  }
}

function execute(step: Step, inputs: Array<Value | undefined>): Value[] {
  const present = inputs.filter((v) => v !== undefined);
  const outputs = step.host && present.every(isHost)
    ? step.host(inputs as Array<HostTensor | undefined>, step.node, step.opset)
    : step.run
      ? step.run(inputs)
      : undefined;
  if (!outputs) throw new UsageError(`${step.node.opType} node '${step.node.name}' needs inputs known before running`);
  if (outputs.length < step.needed) {
    throw new UsageError(`${step.node.opType} node '${step.node.name}': only its first ${outputs.length} output(s) are supported`);
  }
  return outputs;
}

/** Errors from inside an op name the node; UsageErrors already do. */
function withNodeContext<T>(node: OnnxNode, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new Error(`${node.opType} node '${node.name}': ${firstLine(e)}`);
  }
}
