import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { depthwiseConv, flipDepthwiseFilter } from '../src/engines/onnx/ops/depthwise.js';
import { translateOnnxToTfjs } from '../src/engines/onnx/translate.js';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { UsageError } from '../src/errors.js';
import { buildModel, type Init, maxAbsDiff, type ModelSpec, noise, runBoth } from './onnx-fixtures.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const float = (dims: number[], seed: number, scale = 1): Init => ({ dims, data: noise(dims.reduce((a, b) => a * b, 1), seed, scale) });
const ints = (values: number[]): Init => ({ dims: [values.length], data: values, type: 'int64' });
const scalar = (value: number, type: Init['type'] = 'float'): Init => ({ dims: [], data: [value], type });

/** One-node (or few-node) models: input X of `dims`, output Y. */
function single(op: string, dims: number[], extra: { args?: string[]; attrs?: ModelSpec['nodes'][0]['attrs']; initializers?: ModelSpec['initializers']; opset?: number } = {}): ModelSpec {
  return {
    inputs: [{ name: 'X', dims }],
    outputs: ['Y'],
    nodes: [{ op, inputs: extra.args ?? ['X'], outputs: ['Y'], attrs: extra.attrs }],
    initializers: extra.initializers,
    opset: extra.opset,
  };
}

interface Case {
  name: string;
  spec: ModelSpec;
  /** Absolute tolerance; the default suits float32 sums of a few dozen terms. */
  tol?: number;
}

const CASES: Case[] = [
  { name: 'Conv 3x3, stride 2, pads 1, bias', spec: single('Conv', [2, 3, 9, 9], { args: ['X', 'W', 'B'], attrs: { strides: { ints: [2, 2] }, pads: { ints: [1, 1, 1, 1] } }, initializers: { W: float([4, 3, 3, 3], 2), B: float([4], 3) } }) },
  { name: 'Conv depthwise, stride 2, asymmetric pads', spec: single('Conv', [1, 4, 8, 8], { args: ['X', 'W'], attrs: { group: { i: 4 }, strides: { ints: [2, 2] }, pads: { ints: [1, 0, 0, 1] } }, initializers: { W: float([4, 1, 3, 3], 4) } }) },
  { name: 'Conv depthwise with multiplier 2 and SAME_UPPER', spec: single('Conv', [1, 3, 7, 7], { args: ['X', 'W'], attrs: { group: { i: 3 }, auto_pad: { s: 'SAME_UPPER' } }, initializers: { W: float([6, 1, 3, 3], 5) } }) },
  { name: 'Conv grouped (2 groups)', spec: single('Conv', [1, 4, 6, 6], { args: ['X', 'W', 'B'], attrs: { group: { i: 2 }, pads: { ints: [1, 1, 1, 1] } }, initializers: { W: float([6, 2, 3, 3], 6), B: float([6], 7) } }) },
  { name: 'Conv dilated', spec: single('Conv', [1, 2, 9, 9], { args: ['X', 'W'], attrs: { dilations: { ints: [2, 2] }, pads: { ints: [2, 2, 2, 2] } }, initializers: { W: float([3, 2, 3, 3], 8) } }) },
  { name: 'MaxPool 3x3, stride 2, pads 1', spec: single('MaxPool', [1, 2, 9, 9], { attrs: { kernel_shape: { ints: [3, 3] }, strides: { ints: [2, 2] }, pads: { ints: [1, 1, 1, 1] } } }) },
  { name: 'MaxPool ceil_mode', spec: single('MaxPool', [1, 2, 7, 7], { attrs: { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] }, ceil_mode: { i: 1 } } }) },
  { name: 'AveragePool excluding pads', spec: single('AveragePool', [1, 2, 7, 7], { attrs: { kernel_shape: { ints: [3, 3] }, strides: { ints: [2, 2] }, pads: { ints: [1, 1, 1, 1] } } }) },
  { name: 'AveragePool including pads', spec: single('AveragePool', [1, 2, 7, 7], { attrs: { kernel_shape: { ints: [3, 3] }, strides: { ints: [2, 2] }, pads: { ints: [1, 1, 1, 1] }, count_include_pad: { i: 1 } } }) },
  {
    name: 'GlobalAveragePool, Flatten, Gemm (transB, alpha, beta)',
    spec: {
      inputs: [{ name: 'X', dims: [2, 5, 4, 4] }], outputs: ['Y'],
      nodes: [
        { op: 'GlobalAveragePool', inputs: ['X'], outputs: ['g'] },
        { op: 'Flatten', inputs: ['g'], outputs: ['f'] },
        { op: 'Gemm', inputs: ['f', 'W', 'B'], outputs: ['Y'], attrs: { transB: { i: 1 }, alpha: { f: 0.5 }, beta: { f: 2 } } },
      ],
      initializers: { W: float([3, 5], 9), B: float([3], 10) },
    },
  },
  { name: 'Gemm transA', spec: single('Gemm', [4, 2], { args: ['X', 'W'], attrs: { transA: { i: 1 } }, initializers: { W: float([4, 3], 11) } }) },
  { name: 'MatMul 3-D by constant 2-D', spec: single('MatMul', [2, 3, 4], { args: ['X', 'W'], initializers: { W: float([4, 5], 12) } }) },
  { name: 'MatMul batched 3-D by 3-D', spec: single('MatMul', [2, 3, 4], { args: ['X', 'W'], initializers: { W: float([2, 4, 2], 13) } }) },
  { name: 'BatchNormalization', spec: single('BatchNormalization', [2, 3, 4, 4], { args: ['X', 's', 'b', 'm', 'v'], attrs: { epsilon: { f: 1e-3 } }, initializers: { s: float([3], 14), b: float([3], 15), m: float([3], 16), v: { dims: [3], data: [0.5, 1, 2] } } }) },
  {
    name: 'Clip, HardSigmoid, HardSwish, LeakyRelu, Elu, Sigmoid chain',
    spec: {
      inputs: [{ name: 'X', dims: [2, 6] }], outputs: ['Y'], opset: 14,
      nodes: [
        { op: 'Clip', inputs: ['X', 'lo', 'hi'], outputs: ['a'] },
        { op: 'HardSigmoid', inputs: ['X'], outputs: ['b'], attrs: { alpha: { f: 0.3 }, beta: { f: 0.4 } } },
        { op: 'HardSwish', inputs: ['X'], outputs: ['c'] },
        { op: 'LeakyRelu', inputs: ['X'], outputs: ['d'], attrs: { alpha: { f: 0.2 } } },
        { op: 'Elu', inputs: ['X'], outputs: ['e'], attrs: { alpha: { f: 0.7 } } },
        { op: 'Sigmoid', inputs: ['X'], outputs: ['s'] },
        { op: 'Concat', inputs: ['a', 'b', 'c', 'd', 'e', 's'], outputs: ['Y'], attrs: { axis: { i: 1 } } },
      ],
      initializers: { lo: scalar(-0.5), hi: scalar(0.25) },
    },
  },
  { name: 'Softmax over axis 1 (opset 13)', spec: single('Softmax', [2, 3, 4], { attrs: { axis: { i: 1 } } }) },
  { name: 'Softmax with flattened trailing axes (opset 11)', spec: single('Softmax', [2, 3, 4], { attrs: { axis: { i: 1 } }, opset: 11 }) },
  {
    name: 'Reshape to [batch, -1] through a Shape/Gather/Unsqueeze/Concat chain',
    spec: {
      inputs: [{ name: 'X', dims: ['N', 2, 3, 3] }], outputs: ['Y'],
      nodes: [
        { op: 'Shape', inputs: ['X'], outputs: ['s'] },
        { op: 'Gather', inputs: ['s', 'zero'], outputs: ['n'], attrs: { axis: { i: 0 } } },
        { op: 'Unsqueeze', inputs: ['n', 'axes'], outputs: ['n1'] },
        { op: 'Concat', inputs: ['n1', 'minus1'], outputs: ['target'], attrs: { axis: { i: 0 } } },
        { op: 'Reshape', inputs: ['X', 'target'], outputs: ['Y'] },
      ],
      initializers: { zero: scalar(0, 'int64'), axes: ints([0]), minus1: ints([-1]) },
    },
  },
  {
    name: 'Transpose, Unsqueeze, Squeeze (axes as inputs)',
    spec: {
      inputs: [{ name: 'X', dims: [2, 3, 4] }], outputs: ['Y'],
      nodes: [
        { op: 'Transpose', inputs: ['X'], outputs: ['t'], attrs: { perm: { ints: [2, 0, 1] } } },
        { op: 'Unsqueeze', inputs: ['t', 'ax'], outputs: ['u'] },
        { op: 'Squeeze', inputs: ['u', 'ax'], outputs: ['Y'] },
      ],
      initializers: { ax: ints([1, -1]) },
    },
  },
  { name: 'ReduceMean over H, W without keepdims', spec: single('ReduceMean', [2, 3, 4, 5], { attrs: { axes: { ints: [2, 3] }, keepdims: { i: 0 } } }) },
  { name: 'LayerNormalization (opset 17)', spec: single('LayerNormalization', [2, 3, 8], { args: ['X', 'g', 'b'], attrs: { epsilon: { f: 1e-6 } }, initializers: { g: float([8], 17), b: float([8], 18) }, opset: 17 }) },
  {
    name: 'GELU as exported: Div, Erf, Add, Mul; and Pow, Sqrt, Sub',
    spec: {
      inputs: [{ name: 'X', dims: [2, 7] }], outputs: ['Y'],
      nodes: [
        { op: 'Div', inputs: ['X', 'sqrt2'], outputs: ['d'] },
        { op: 'Erf', inputs: ['d'], outputs: ['e'] },
        { op: 'Add', inputs: ['e', 'one'], outputs: ['a'] },
        { op: 'Mul', inputs: ['X', 'a'], outputs: ['m'] },
        { op: 'Pow', inputs: ['m', 'two'], outputs: ['p'] },
        { op: 'Add', inputs: ['p', 'one'], outputs: ['q'] },
        { op: 'Sqrt', inputs: ['q'], outputs: ['r'] },
        { op: 'Sub', inputs: ['r', 'm'], outputs: ['Y'] },
      ],
      initializers: { sqrt2: scalar(Math.SQRT2), one: scalar(1), two: scalar(2) },
    },
  },
  {
    name: 'Where and Equal with broadcasting',
    spec: {
      inputs: [{ name: 'X', dims: [3, 4] }], outputs: ['Y'],
      nodes: [
        { op: 'Greater', inputs: ['X', 'zero'], outputs: ['c'] },
        { op: 'Where', inputs: ['c', 'X', 'alt'], outputs: ['Y'] },
      ],
      initializers: { zero: scalar(0), alt: float([4], 19) },
    },
  },
  { name: 'Slice with a negative step', spec: single('Slice', [4, 6], { args: ['X', 's', 'e', 'a', 'st'], initializers: { s: ints([-1, 1]), e: ints([-100, 6]), a: ints([0, 1]), st: ints([-1, 2]) } }) },
  { name: 'Slice with unit steps and clamped ends', spec: single('Slice', [4, 6], { args: ['X', 's', 'e'], initializers: { s: ints([1, -4]), e: ints([100, -1]) } }) },
  {
    name: 'Split into unequal parts',
    spec: {
      inputs: [{ name: 'X', dims: [2, 6] }], outputs: ['Y'],
      nodes: [
        { op: 'Split', inputs: ['X', 'sizes'], outputs: ['a', 'b'], attrs: { axis: { i: 1 } } },
        { op: 'Sub', inputs: ['a', 'b'], outputs: ['Y'] },
      ],
      initializers: { sizes: ints([3, 3]) },
    },
  },
  { name: 'Gather with a scalar index', spec: single('Gather', [2, 5, 3], { args: ['X', 'i'], attrs: { axis: { i: 1 } }, initializers: { i: scalar(-2, 'int64') } }) },
  { name: 'Gather with index vectors', spec: single('Gather', [2, 5, 3], { args: ['X', 'i'], attrs: { axis: { i: 1 } }, initializers: { i: ints([4, 0, 0]) } }) },
  { name: 'Pad reflect', spec: single('Pad', [1, 2, 4, 4], { args: ['X', 'p'], attrs: { mode: { s: 'reflect' } }, initializers: { p: ints([0, 0, 1, 2, 0, 0, 2, 1]) } }) },
  { name: 'Pad edge', spec: single('Pad', [1, 2, 4, 4], { args: ['X', 'p'], attrs: { mode: { s: 'edge' } }, initializers: { p: ints([0, 0, 1, 2, 0, 0, 2, 1]) } }) },
  { name: 'Pad constant value, negative pads crop', spec: single('Pad', [1, 2, 4, 4], { args: ['X', 'p', 'v'], initializers: { p: ints([0, 0, -1, 2, 0, 0, 2, -1]), v: scalar(0.5) } }) },
  { name: 'Resize linear, half_pixel, by sizes', spec: single('Resize', [1, 2, 4, 5], { args: ['X', '', '', 'sz'], attrs: { mode: { s: 'linear' } }, initializers: { sz: ints([1, 2, 8, 10]) } }) },
  { name: 'Resize nearest, asymmetric, floor, by scales', spec: single('Resize', [1, 2, 3, 3], { args: ['X', '', 'sc'], attrs: { mode: { s: 'nearest' }, coordinate_transformation_mode: { s: 'asymmetric' }, nearest_mode: { s: 'floor' } }, initializers: { sc: { dims: [4], data: [1, 1, 2, 2] } } }) },
  {
    name: 'Quantized: QuantizeLinear, QLinearConv (per-channel int8 weights, fused ReLU), DequantizeLinear',
    tol: 0.1 + 1e-6, // one step of the output grid: integer accumulation there, float here
    spec: {
      inputs: [{ name: 'X', dims: [1, 2, 5, 5] }], outputs: ['Y'],
      nodes: [
        { op: 'QuantizeLinear', inputs: ['X', 'xs', 'xz'], outputs: ['xq'] },
        { op: 'QLinearConv', inputs: ['xq', 'xs', 'xz', 'w', 'ws', 'wz', 'ys', 'yz', 'b'], outputs: ['yq'], attrs: { pads: { ints: [1, 1, 1, 1] } } },
        { op: 'DequantizeLinear', inputs: ['yq', 'ys', 'yz'], outputs: ['Y'] },
      ],
      initializers: {
        xs: scalar(0.01), xz: scalar(128, 'uint8'),
        w: { dims: [3, 2, 3, 3], data: noise(54, 20, 100).map(Math.round), type: 'int8' },
        ws: { dims: [3], data: [0.002, 0.003, 0.001] }, wz: { dims: [3], data: [0, 0, 0], type: 'int8' },
        ys: scalar(0.01), yz: scalar(0, 'uint8'),
        b: { dims: [3], data: [100, -200, 50], type: 'int32' },
      },
    },
  },
];

describe('ONNX ops translated to TF.js agree with ONNX Runtime', () => {
  for (const { name, spec, tol } of CASES) {
    it(name, async () => {
      const input = spec.inputs[0];
      const dims = input.dims.map((d) => (typeof d === 'number' ? d : 2));
      const data = noise(dims.reduce((a, b) => a * b, 1), 99);
      const { ort, tfjs } = await runBoth(buildModel(spec), { [input.name]: { dims, data } });
      expect(tfjs.length).toBe(ort.length);
      expect(maxAbsDiff(ort, tfjs)).toBeLessThanOrEqual(tol ?? 1e-5);
    });
  }
});

describe('translation errors', () => {
  it('names the op and its node when an op has no translation', () => {
    const bytes = buildModel(single('NonMaxSuppression', [1, 4, 4], { args: ['X', 'X'] }));
    expect(() => translateOnnxToTfjs(bytes)).toThrow(UsageError);
    expect(() => translateOnnxToTfjs(bytes)).toThrow(/op 'NonMaxSuppression' \(node 'NonMaxSuppression_0'\)/);
  });

  it('rejects a convolution whose weights are computed at run time, naming the node', () => {
    const spec: ModelSpec = { inputs: [{ name: 'X', dims: [1, 1, 4, 4] }, { name: 'W', dims: [1, 1, 3, 3] }], outputs: ['Y'], nodes: [{ op: 'Conv', inputs: ['X', 'W'], outputs: ['Y'] }] };
    expect(() => translateOnnxToTfjs(buildModel(spec))).toThrow(/Conv node 'Conv_0'.*weight computed at run time/);
  });
});

describe('gradients through the translated ops', () => {
  /** Gradient of sum(y * r) for a fixed random r: every output element weighs in differently. */
  function gradientOf(f: (x: tf.Tensor4D) => tf.Tensor, x: tf.Tensor4D, seed: number): Float32Array {
    const grad = tf.tidy(() => {
      const probe = (y: tf.Tensor): tf.Tensor => tf.mul(y, tf.tensor(noise(y.size, seed), y.shape));
      return tf.grad((a: tf.Tensor) => tf.sum(probe(f(a as tf.Tensor4D))))(x);
    });
    const values = grad.dataSync() as Float32Array;
    grad.dispose();
    return values;
  }

  it.each([
    { stride: 2, dilation: 1, pads: [1, 0, 0, 1], multiplier: 1 },
    { stride: 1, dilation: 2, pads: [2, 2, 2, 2], multiplier: 1 },
    { stride: 2, dilation: 1, pads: [0, 0, 0, 0], multiplier: 2 },
  ])('depthwise input gradient matches the native one (stride $stride, dilation $dilation, multiplier $multiplier)', async ({ stride, dilation, pads, multiplier }) => {
    const x = tf.tensor4d(noise(1 * 9 * 9 * 3, 31), [1, 9, 9, 3]);
    const filter = tf.tensor4d(noise(3 * 3 * 3 * multiplier, 32), [3, 3, 3, multiplier]);
    const flipped = flipDepthwiseFilter(filter);
    const padding: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [pads[0], pads[2]], [pads[1], pads[3]], [0, 0]];
    const ours = gradientOf((a) => depthwiseConv(a, filter, flipped, [stride, stride], [dilation, dilation], padding), x, 33);
    // TF.js's own gradient needs kernels the wasm backend lacks: take it on cpu. It also refuses dilation,
    // so the reference spreads the filter out instead (zeros between taps), which is the same convolution.
    const spread = tf.tidy(() => {
      const [kh, kw, c, m] = filter.shape;
      const out = tf.buffer([(kh - 1) * dilation + 1, (kw - 1) * dilation + 1, c, m]);
      const values = filter.arraySync();
      for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) for (let k = 0; k < c; k++) for (let l = 0; l < m; l++) out.set(values[i][j][k][l], i * dilation, j * dilation, k, l);
      return out.toTensor().arraySync() as number[][][][];
    });
    const xData = x.arraySync();
    await tf.setBackend('cpu');
    const native = gradientOf((a) => tf.depthwiseConv2d(a, tf.tensor4d(spread), stride, padding, 'NHWC'), tf.tensor4d(xData), 33);
    await initBackend('wasm');
    expect(maxAbsDiff(ours, native)).toBeLessThan(1e-4);
  });

  it('QuantizeLinear passes the gradient inside the representable range and stops it outside', () => {
    const spec = single('QuantizeLinear', [1, 1, 1, 4], { args: ['X', 's', 'z'], initializers: { s: scalar(0.1), z: scalar(10, 'uint8') } });
    const translated = translateOnnxToTfjs(buildModel(spec));
    // Representable: (0 - 10) * 0.1 = -1 up to (255 - 10) * 0.1 = 24.5.
    const x = tf.tensor4d([-3, -0.5, 3.04, 30], [1, 1, 1, 4]);
    const y = translated.run(x)[0];
    const grad = tf.grad((a: tf.Tensor) => tf.sum(translated.run(a)[0]))(x);
    // Snapped to the grid (3.04 -> 3) and saturated at both ends.
    expect(maxAbsDiff(y.dataSync(), [-1, -0.5, 3, 24.5])).toBeLessThan(1e-6);
    expect(Array.from(grad.dataSync())).toEqual([0, 1, 1, 0]);
    translated.dispose();
  });
});
