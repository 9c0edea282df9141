import * as tf from '@tensorflow/tfjs';
import { attrInt } from '../attributes.js';
import { HostTensor } from '../host-tensor.js';
import { normalizeAxis } from '../host-math.js';
import { asFloat, type Value } from '../value.js';
import { convolution } from './conv.js';
import { matmul, matmulByConstant } from './matmul.js';
import { globalAverage } from './pool.js';
import { type OpContext, type OpDef, type OpRun, required, unsupported } from './op.js';
import { DataType } from '../tensor-proto.js';

/**
 * Quantized ops in float. Convention: a tensor computed at run time carries its DEQUANTIZED float value
 * (what the int8 tensor stands for), so DequantizeLinear on it is an identity, and each QLinear op is its
 * float counterpart followed by a snap to its output's 8-bit grid. Constants (weights, biases) are real
 * integers and are dequantized once, when the op is compiled. Integer accumulation is exact in ONNX Runtime
 * and float here, so a value near a rounding boundary can land one step away.
 */

/** A per-tensor 8-bit grid: float = (q - zero) * scale for integers q in [qmin, qmax]. */
interface Grid {
  scale: number;
  zero: number;
  qmin: number;
  qmax: number;
}

/** The grid of an op's 8-bit output; undefined for per-channel output scales (left in float). */
function outputGrid(ctx: OpContext, scaleIndex: number, zeroIndex: number): Grid | undefined {
  const scale = ctx.constant(scaleIndex);
  const zero = ctx.constant(zeroIndex);
  if (!scale || scale.size !== 1 || (zero && zero.size !== 1)) return undefined;
  const [qmin, qmax] = zero?.elemType === DataType.INT8 ? [-128, 127] : [0, 255];
  return { scale: scale.data[0], zero: zero?.data[0] ?? 0, qmin, qmax };
}

/**
 * Snap to the grid in the forward pass (round half to even, as QuantizeLinear does, then saturate); pass the
 * gradient straight through inside the representable range and stop it outside (the straight-through
 * estimator). The saturation matters most: int8 exporters fuse ReLU and ReLU6 into the output range
 * (zero point 0 puts qmin at float 0).
 */
function fakeQuantize(x: tf.Tensor, grid: Grid): tf.Tensor {
  const lo = (grid.qmin - grid.zero) * grid.scale;
  const hi = (grid.qmax - grid.zero) * grid.scale;
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const input = args[0] as tf.Tensor;
    const save = args[1] as tf.GradSaveFunc;
    save([input]);
    const q = tf.clipByValue(tf.add(tf.round(tf.div(input, grid.scale)), grid.zero), grid.qmin, grid.qmax);
    const value = tf.mul(tf.sub(q, grid.zero), grid.scale);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor => {
      const inside = tf.logicalAnd(tf.greaterEqual(saved[0], lo), tf.lessEqual(saved[0], hi));
      return tf.mul(dy, tf.cast(inside, 'float32'));
    };
    return { value, gradFunc };
  });
  return op(x);
}

/** Wrap a float computation so its result lands on the op's 8-bit output grid. */
function quantizedOutput(ctx: OpContext, scaleIndex: number, zeroIndex: number, run: OpRun): OpRun {
  const grid = outputGrid(ctx, scaleIndex, zeroIndex);
  if (!grid) return run;
  return (inputs) => run(inputs).map((v) => fakeQuantize(asFloat(v), grid));
}

/** (q - zero) * scale, per tensor, or per slice along `axis` when the scale is a vector. */
export function dequantize(q: HostTensor, scale: HostTensor, zero: HostTensor | undefined, axis: number): HostTensor {
  const slot = slotOf(q, scale, axis);
  const values = new Float32Array(q.size);
  for (let i = 0; i < q.size; i++) {
    const c = slot(i);
    values[i] = (q.data[i] - (zero?.data[c] ?? 0)) * scale.data[c];
  }
  return new HostTensor('float', q.dims, values);
}

/** Which entry of a per-tensor (size 1) or per-axis scale element `i` of `t` uses. */
function slotOf(t: HostTensor, scale: HostTensor, axis: number): (i: number) => number {
  if (scale.size === 1) return () => 0;
  const a = normalizeAxis(axis, t.rank);
  const inner = t.dims.slice(a + 1).reduce((x, y) => x * y, 1);
  return (i) => Math.floor(i / inner) % t.dims[a];
}

/**
 * Input `i` of a QLinear op (followed by its scale and zero point) as float: a constant is dequantized once
 * and kept; a run-time value already is float.
 */
function floatOperand(ctx: OpContext, i: number, axis: number): (inputs: ReadonlyArray<Value | undefined>) => tf.Tensor {
  const [q, scale, zero] = [ctx.constant(i), ctx.constant(i + 1), ctx.constant(i + 2)];
  if (q && q.dtype !== 'float' && scale) {
    const fixed = ctx.keep(() => dequantize(q, scale, zero, axis).toTensor());
    return () => fixed;
  }
  return (inputs) => asFloat(required(inputs, i, ctx.node));
}

const quantizeLinear: OpDef = {
  build: (ctx) => quantizedOutput(ctx, 1, 2, (inputs) => [required(inputs, 0, ctx.node)]),
  host: ([x, scale, zero], node) => {
    const slot = slotOf(x!, scale!, attrInt(node, 'axis', 1));
    const values = x!.data.map((v, i) => Math.round(v / scale!.data[slot(i)]) + (zero?.data[slot(i)] ?? 0));
    return [new HostTensor('int', x!.dims, Float64Array.from(values))];
  },
};

const dequantizeLinear: OpDef = {
  build: ({ node }) => (inputs) => [required(inputs, 0, node)],
  host: ([x, scale, zero], node) => [dequantize(x!, scale!, zero, attrInt(node, 'axis', 1))],
};

/** QLinearConv(x, xs, xz, w, ws, wz, ys, yz, B): weights per output channel, bias scaled by xs * ws. */
const qLinearConv: OpDef = {
  build: (ctx) => {
    const { node, constant, keep } = ctx;
    const [w, ws, wz, xs] = [constant(3), constant(4), constant(5), constant(1)];
    if (!w || !ws || !xs) throw unsupported(node, 'quantized weights or scales computed at run time');
    const weight = dequantize(w, ws, wz, 0);
    const b = constant(8);
    if (node.inputs[8] && !b) throw unsupported(node, 'a bias computed at run time');
    const bias = b ? dequantize(b, new HostTensor('float', ws.dims, ws.data.map((s) => s * xs.data[0])), undefined, 0) : undefined;
    const run = convolution(node, weight, bias, keep);
    return quantizedOutput(ctx, 6, 7, (inputs) => [run(asFloat(required(inputs, 0, node)))]);
  },
};

/** QLinearMatMul(a, as, az, b, bs, bz, ys, yz); a per-column b scale is a vector along b's last axis. */
const qLinearMatMul: OpDef = {
  build: (ctx) => {
    const [b, bScale, bZero] = [ctx.constant(3), ctx.constant(4), ctx.constant(5)];
    const a = floatOperand(ctx, 0, -1);
    if (b && b.rank === 2 && bScale) {
      const byWeights = matmulByConstant(dequantize(b, bScale, bZero, -1), ctx.keep);
      return quantizedOutput(ctx, 6, 7, (inputs) => [byWeights(a(inputs))]);
    }
    const bFloat = floatOperand(ctx, 3, -1);
    return quantizedOutput(ctx, 6, 7, (inputs) => [matmul(a(inputs), bFloat(inputs))]);
  },
};

/** QLinearAdd / QLinearMul (com.microsoft): (A, As, Az, B, Bs, Bz, Cs, Cz). */
function qLinearBinary(fn: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor): OpDef {
  return {
    build: (ctx) => {
      const [a, b] = [floatOperand(ctx, 0, 1), floatOperand(ctx, 3, 1)];
      return quantizedOutput(ctx, 6, 7, (inputs) => [fn(a(inputs), b(inputs))]);
    },
  };
}

/** QLinearGlobalAveragePool (com.microsoft): (X, xs, xz, ys, yz), channels first unless channels_last. */
const qLinearGlobalAveragePool: OpDef = {
  build: (ctx) => {
    const channelsLast = attrInt(ctx.node, 'channels_last', 0) === 1;
    return quantizedOutput(ctx, 3, 4, (inputs) => {
      const x = asFloat(required(inputs, 0, ctx.node));
      return [globalAverage(x, channelsLast ? [1, 2] : [2, 3])];
    });
  },
};

export const QUANTIZED_OPS: Record<string, OpDef> = {
  QuantizeLinear: quantizeLinear,
  DequantizeLinear: dequantizeLinear,
  QLinearConv: qLinearConv,
  QLinearMatMul: qLinearMatMul,
  QLinearAdd: qLinearBinary(tf.add),
  QLinearMul: qLinearBinary(tf.mul),
  QLinearGlobalAveragePool: qLinearGlobalAveragePool,
};
