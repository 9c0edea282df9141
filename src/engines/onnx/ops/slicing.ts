import * as tf from '@tensorflow/tfjs';
import { attrFloat, attrInt, attrInts, attrString } from '../attributes.js';
import type { OnnxNode } from '../graph.js';
import { HostTensor } from '../host-tensor.js';
import { hostConcat, hostGather, hostSlice, normalizeAxis } from '../host-math.js';
import { asTensor, dimsOf, isHost, type Value } from '../value.js';
import { hostInts, type OpDef, required, unsupported } from './op.js';

/** Ops that cut, join and index tensors. */

const concat: OpDef = {
  build: ({ node }) => (inputs) => {
    const parts = inputs.filter((v): v is Value => v !== undefined);
    const axis = normalizeAxis(attrInt(node, 'axis', 0), dimsOf(parts[0]).length);
    return [tf.concat(parts.map(asTensor), axis)];
  },
  host: (inputs, node) => {
    const parts = inputs.filter((v): v is HostTensor => v !== undefined);
    return [hostConcat(parts, normalizeAxis(attrInt(node, 'axis', 0), parts[0].rank))];
  },
};

/** Split sizes from input 1 (opset 13 on) or the `split` attribute; otherwise equal parts, one per output. */
const split: OpDef = {
  build: ({ node }) => (inputs) => {
    const x = asTensor(required(inputs, 0, node));
    const axis = normalizeAxis(attrInt(node, 'axis', 0), x.rank);
    const sizes = hostInts(inputs[1], 'split sizes', node) ?? attrInts(node, 'split');
    return tf.split(x, sizes ?? node.outputs.length, axis);
  },
};

/** One axis of a Slice, resolved to an in-range start, element count and step. */
interface AxisSlice {
  axis: number;
  start: number;
  size: number;
  step: number;
}

/** Slice bounds follow numpy: negative counts from the end, out-of-range ends clamp. */
function resolveSlices(node: OnnxNode, dims: readonly number[], inputs: ReadonlyArray<Value | undefined>): AxisSlice[] {
  const fromInputs = inputs.length > 1;
  const starts = (fromInputs ? hostInts(inputs[1], 'starts', node) : attrInts(node, 'starts')) ?? [];
  const ends = (fromInputs ? hostInts(inputs[2], 'ends', node) : attrInts(node, 'ends')) ?? [];
  const axes = (fromInputs ? hostInts(inputs[3], 'axes', node) : attrInts(node, 'axes')) ?? starts.map((_, i) => i);
  const steps = (fromInputs ? hostInts(inputs[4], 'steps', node) : undefined) ?? starts.map(() => 1);
  return starts.map((s, i) => {
    const axis = normalizeAxis(axes[i], dims.length);
    const dim = dims[axis];
    const step = steps[i];
    if (step === 0) throw unsupported(node, 'a step of 0');
    const wrap = (v: number): number => (v < 0 ? v + dim : v);
    const lo = step > 0 ? 0 : -1;
    const hi = step > 0 ? dim : dim - 1;
    const start = Math.min(Math.max(wrap(s), 0), hi);
    const end = Math.min(Math.max(wrap(ends[i]), lo), hi);
    return { axis, start, size: Math.max(0, Math.ceil((end - start) / step)), step };
  });
}

/** Starts, sizes and steps for every axis of a tensor of `dims`: untouched axes are taken whole. */
function fullSlices(dims: readonly number[], slices: AxisSlice[]): { starts: number[]; sizes: number[]; steps: number[] } {
  const starts = dims.map(() => 0);
  const sizes = [...dims];
  const steps = dims.map(() => 1);
  for (const s of slices) {
    starts[s.axis] = s.start;
    sizes[s.axis] = s.size;
    steps[s.axis] = s.step;
  }
  return { starts, sizes, steps };
}

/**
 * Unit steps become tf.slice, whose gradient every backend has; other steps take tf.stridedSlice (forward
 * only). A negative step reverses the axis first.
 */
function sliceTensor(x: tf.Tensor, slices: AxisSlice[]): tf.Tensor {
  const { starts, sizes, steps } = fullSlices(x.shape, slices);
  const reversed = steps.flatMap((s, axis) => (s < 0 ? [axis] : []));
  const source = reversed.length > 0 ? tf.reverse(x, reversed) : x;
  const begin = starts.map((s, axis) => (steps[axis] < 0 ? x.shape[axis] - 1 - s : s));
  const stride = steps.map(Math.abs);
  if (stride.every((s) => s === 1)) return tf.slice(source, begin, sizes);
  const end = begin.map((b, axis) => b + (sizes[axis] - 1) * stride[axis] + 1);
  return tf.stridedSlice(source, begin, end, stride);
}

const slice: OpDef = {
  build: ({ node }) => (inputs) => {
    const x = asTensor(required(inputs, 0, node));
    return [sliceTensor(x, resolveSlices(node, x.shape, inputs))];
  },
  host: (inputs, node) => {
    const x = inputs[0]!;
    const { starts, sizes, steps } = fullSlices(x.dims, resolveSlices(node, x.dims, inputs));
    return [hostSlice(x, starts, sizes, steps)];
  },
};

/**
 * A scalar index becomes a slice (differentiable on every backend, unlike tf.gather on wasm, whose
 * gradient needs UnsortedSegmentSum); other indices use tf.gather.
 */
const gather: OpDef = {
  build: ({ node }) => (inputs) => {
    const x = asTensor(required(inputs, 0, node));
    const indices = required(inputs, 1, node);
    const axis = normalizeAxis(attrInt(node, 'axis', 0), x.rank);
    if (isHost(indices) && indices.rank === 0) {
      const i = indices.data[0] < 0 ? indices.data[0] + x.shape[axis] : indices.data[0];
      const begin = x.shape.map((_, a) => (a === axis ? i : 0));
      const size = x.shape.map((d, a) => (a === axis ? 1 : d));
      return [tf.squeeze(tf.slice(x, begin, size), [axis])];
    }
    const idx = isHost(indices)
      ? tf.tensor(Int32Array.from(indices.data, (i) => (i < 0 ? i + x.shape[axis] : i)), [...indices.dims], 'int32')
      : tf.cast(asTensor(indices), 'int32');
    return [tf.gather(x, idx, axis)];
  },
  host: ([x, indices], node) => [hostGather(x!, indices!, normalizeAxis(attrInt(node, 'axis', 0), x!.rank))],
};

const tile: OpDef = {
  build: ({ node }) => (inputs) => {
    const x = asTensor(required(inputs, 0, node));
    return [tf.tile(x, hostInts(required(inputs, 1, node), 'repeats', node)!)];
  },
};

/** Pad: pads from input 1 (opset 11 on) or the attribute; modes constant, reflect and edge. */
const pad: OpDef = {
  build: ({ node }) => {
    const mode = attrString(node, 'mode', 'constant');
    if (!['constant', 'reflect', 'edge'].includes(mode)) throw unsupported(node, `mode '${mode}'`);
    return (inputs) => {
      const x = asTensor(required(inputs, 0, node));
      const fromInputs = inputs.length > 1;
      const flat = (fromInputs ? hostInts(inputs[1], 'pads', node) : attrInts(node, 'pads')) ?? [];
      const axes = (hostInts(inputs[3], 'axes', node) ?? [...Array(x.rank).keys()]).map((a) => normalizeAxis(a, x.rank));
      const value = fromInputs ? (inputs[2] !== undefined && isHost(inputs[2]) ? inputs[2].data[0] : 0) : attrFloat(node, 'value', 0);
      const pairs: Array<[number, number]> = x.shape.map(() => [0, 0]);
      axes.forEach((axis, i) => { pairs[axis] = [flat[i], flat[i + axes.length]]; });
      return [padTensor(cropNegative(x, pairs), pairs.map(([a, b]) => [Math.max(a, 0), Math.max(b, 0)]), mode, value)];
    };
  },
};

/** Negative pads remove elements. */
function cropNegative(x: tf.Tensor, pairs: Array<[number, number]>): tf.Tensor {
  if (pairs.every(([a, b]) => a >= 0 && b >= 0)) return x;
  const begin = pairs.map(([a]) => Math.max(-a, 0));
  const size = x.shape.map((d, i) => d - begin[i] - Math.max(-pairs[i][1], 0));
  return tf.slice(x, begin, size);
}

function padTensor(x: tf.Tensor, pairs: Array<[number, number]>, mode: string, value: number): tf.Tensor {
  if (mode === 'constant') return tf.pad(x, pairs, value);
  if (mode === 'reflect') return tf.mirrorPad(x, pairs, 'reflect');
  // Edge: repeat the first and last slice of each axis.
  return pairs.reduce((t, [before, after], axis) => {
    if (before === 0 && after === 0) return t;
    const edge = (at: number, count: number): tf.Tensor => {
      const begin = t.shape.map((_, a) => (a === axis ? at : 0));
      const size = t.shape.map((d, a) => (a === axis ? 1 : d));
      const reps = t.shape.map((_, a) => (a === axis ? count : 1));
      return tf.tile(tf.slice(t, begin, size), reps);
    };
    const parts = [before > 0 ? edge(0, before) : null, t, after > 0 ? edge(t.shape[axis] - 1, after) : null];
    return tf.concat(parts.filter((p): p is tf.Tensor => p !== null), axis);
  }, x);
}

export const SLICING_OPS: Record<string, OpDef> = {
  Concat: concat,
  Split: split,
  Slice: slice,
  Gather: gather,
  Tile: tile,
  Pad: pad,
};
