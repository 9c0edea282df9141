import * as tf from '@tensorflow/tfjs';
import { attrFloat, attrFloats, attrInt, attrInts, attrTensor, hasAttr } from '../attributes.js';
import type { OnnxNode } from '../graph.js';
import { HostTensor, hostFloat, hostInt, hostOf, sizeOf } from '../host-tensor.js';
import { broadcastDims, hostMap, hostTranspose, normalizeAxis } from '../host-math.js';
import { hostDTypeOf } from '../tensor-proto.js';
import { asTensor, dimsOf, type Value } from '../value.js';
import { hostInts, type OpDef, required, unsupported } from './op.js';

/** Ops that only move, reinterpret or describe data. Each runs on host values too, so shape chains fold. */

/** Shape (with opset 15's start/end) of any value, shape-only values included. */
const shape: OpDef = {
  build: ({ node }) => (inputs) => [shapeOf(node, required(inputs, 0, node))],
  host: ([x], node) => [shapeOf(node, x!)],
};

function shapeOf(node: OnnxNode, x: Value): HostTensor {
  const dims = dimsOf(x);
  const clamp = (v: number): number => Math.min(Math.max(v < 0 ? v + dims.length : v, 0), dims.length);
  const picked = dims.slice(clamp(attrInt(node, 'start', 0)), clamp(attrInt(node, 'end', dims.length)));
  return hostInt([picked.length], picked);
}

const size: OpDef = {
  build: ({ node }) => (inputs) => [hostInt([], [sizeOf(dimsOf(required(inputs, 0, node)))])],
  host: ([x]) => [hostInt([], [x!.size])],
};

/** Reshape's target: 0 copies the input's dim (unless allowzero), -1 is inferred. */
function reshapeDims(node: OnnxNode, input: readonly number[], target: number[]): number[] {
  const allowZero = attrInt(node, 'allowzero', 0) === 1;
  const dims = target.map((d, i) => (d === 0 && !allowZero ? input[i] : d));
  const known = dims.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const total = sizeOf(input);
  return dims.map((d) => (d === -1 ? total / known : d));
}

function reshapeTo(x: Value, dims: number[]): Value {
  if (x instanceof HostTensor) return new HostTensor(x.dtype, dims, x.data);
  return tf.reshape(asTensor(x), dims);
}

const reshape: OpDef = {
  build: ({ node }) => (inputs) => {
    const x = required(inputs, 0, node);
    const target = hostInts(required(inputs, 1, node), 'target shape', node)!;
    return [reshapeTo(x, reshapeDims(node, dimsOf(x), target))];
  },
  host: ([x, target], node) => [reshapeTo(x!, reshapeDims(node, x!.dims, target!.numbers())) as HostTensor],
};

function flattenDims(node: OnnxNode, dims: readonly number[]): number[] {
  const axis = attrInt(node, 'axis', 1);
  const a = axis < 0 ? axis + dims.length : axis;
  return [sizeOf(dims.slice(0, a)), sizeOf(dims.slice(a))];
}

const flatten: OpDef = {
  build: ({ node }) => (inputs) => {
    const x = required(inputs, 0, node);
    return [reshapeTo(x, flattenDims(node, dimsOf(x)))];
  },
  host: ([x], node) => [reshapeTo(x!, flattenDims(node, x!.dims)) as HostTensor],
};

/** Axes from input 1 (opset 13 on) or the `axes` attribute (before). */
function axesOf(node: OnnxNode, v: Value | undefined): number[] | undefined {
  return hostInts(v, 'axes', node) ?? attrInts(node, 'axes');
}

function squeezedDims(node: OnnxNode, dims: readonly number[], axesInput: Value | undefined): number[] {
  const axes = axesOf(node, axesInput)?.map((a) => normalizeAxis(a, dims.length));
  return dims.filter((d, i) => (axes ? !axes.includes(i) : d !== 1));
}

function unsqueezedDims(node: OnnxNode, dims: readonly number[], axesInput: Value | undefined): number[] {
  const axes = axesOf(node, axesInput) ?? [];
  const rank = dims.length + axes.length;
  const at = new Set(axes.map((a) => normalizeAxis(a, rank)));
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < rank; i++) out.push(at.has(i) ? 1 : dims[next++]);
  return out;
}

function reshaping(dimsFor: (node: OnnxNode, dims: readonly number[], second: Value | undefined) => number[]): OpDef {
  return {
    build: ({ node }) => (inputs) => {
      const x = required(inputs, 0, node);
      return [reshapeTo(x, dimsFor(node, dimsOf(x), inputs[1]))];
    },
    host: ([x, second], node) => [reshapeTo(x!, dimsFor(node, x!.dims, second)) as HostTensor],
  };
}

function permutation(node: OnnxNode, rank: number): number[] {
  return attrInts(node, 'perm') ?? [...Array(rank).keys()].reverse();
}

const transpose: OpDef = {
  build: ({ node }) => (inputs) => {
    const x = asTensor(required(inputs, 0, node));
    return [tf.transpose(x, permutation(node, x.rank))];
  },
  host: ([x], node) => [hostTranspose(x!, permutation(node, x!.rank))],
};

/** Expand broadcasts both ways: the result has the broadcast of the input's and the given shape. */
function expandedDims(node: OnnxNode, dims: readonly number[], target: number[]): number[] {
  const out = broadcastDims(dims, target);
  if (!out) throw unsupported(node, `expanding [${dims.join(', ')}] to [${target.join(', ')}]`);
  return out;
}

const expand: OpDef = {
  build: ({ node }) => (inputs) => {
    const x = asTensor(required(inputs, 0, node));
    const target = hostInts(required(inputs, 1, node), 'shape', node)!;
    return [tf.broadcastTo(x, expandedDims(node, x.shape, target))];
  },
  host: ([x, target], node) => {
    const dims = expandedDims(node, x!.dims, target!.numbers());
    return [hostMap([x!, hostInt(dims, new Array(sizeOf(dims)).fill(0))], x!.dtype, (v) => v)];
  },
};

const constantOfShape: OpDef = {
  host: ([target], node) => {
    const value = attrTensor(node, 'value') ?? hostFloat([1], [0]);
    const dims = target!.numbers();
    return [hostOf(value.dtype, dims, new Array(sizeOf(dims)).fill(value.data[0]))];
  },
};

/** Constant's payload comes in one of several attributes (value, value_float(s), value_int(s)). */
const constant: OpDef = {
  host: (_inputs, node) => {
    const tensor = attrTensor(node, 'value');
    if (tensor) return [tensor];
    if (hasAttr(node, 'value_float')) return [hostFloat([], [attrFloat(node, 'value_float', 0)])];
    if (hasAttr(node, 'value_int')) return [hostInt([], [attrInt(node, 'value_int', 0)])];
    const floats = attrFloats(node, 'value_floats');
    if (floats) return [hostFloat([floats.length], floats)];
    const ints = attrInts(node, 'value_ints');
    if (ints) return [hostInt([ints.length], ints)];
    throw unsupported(node, 'a constant without a numeric value');
  },
};

const TF_DTYPE = { float: 'float32', int: 'int32', bool: 'bool' } as const;

const cast: OpDef = {
  build: ({ node }) => {
    const to = hostDTypeOf(attrInt(node, 'to', 1));
    return (inputs) => [tf.cast(asTensor(required(inputs, 0, node)), TF_DTYPE[to])];
  },
  host: ([x], node) => [hostOf(hostDTypeOf(attrInt(node, 'to', 1)), x!.dims, x!.data)],
};

const range: OpDef = {
  host: ([start, limit, delta]) => {
    const [s, l, d] = [start!.data[0], limit!.data[0], delta!.data[0]];
    const count = Math.max(Math.ceil((l - s) / d), 0);
    return [hostOf(start!.dtype, [count], Array.from({ length: count }, (_, i) => s + i * d))];
  },
};

export const SHAPE_OPS: Record<string, OpDef> = {
  Shape: shape,
  Size: size,
  Reshape: reshape,
  Flatten: flatten,
  Squeeze: reshaping(squeezedDims),
  Unsqueeze: reshaping(unsqueezedDims),
  Transpose: transpose,
  Expand: expand,
  ConstantOfShape: constantOfShape,
  Constant: constant,
  Cast: cast,
  Range: range,
};
