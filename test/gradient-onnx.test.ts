import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOnnxModel } from '../src/engines/onnx/index.js';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { wrapLayersModel } from '../src/engines/tfjs/load.js';
import type { ExplainableModel } from '../src/engines/types.js';
import { UsageError } from '../src/errors.js';
import { INPUT_X_GRADIENT } from '../src/explainers/gradient/input-x-gradient.js';
import { integratedGradientsMethod } from '../src/explainers/gradient/integrated-gradients.js';
import { SALIENCY } from '../src/explainers/gradient/saliency.js';
import type { Method } from '../src/explainers/method.js';
import { buildModel, type Init, type ModelSpec, noise } from './onnx-fixtures.js';
import { UNIT } from './helpers/tiny-model.js';

const SIDE = 8;
const float = (dims: number[], seed: number): Init => ({ dims, data: noise(dims.reduce((a, b) => a * b, 1), seed) });
const CONV = float([4, 3, 3, 3], 1);
const CONV_BIAS = float([4], 3);
const W = float([5, 4], 2);
const B = float([5], 4);

/** Conv (3x3, pad 1) -> Relu -> GlobalAveragePool -> Flatten -> Gemm over NCHW [N, 3, 8, 8]. */
function classifier(activation = 'Relu', batch: number | string = 'N'): ModelSpec {
  return {
    inputs: [{ name: 'input', dims: [batch, 3, SIDE, SIDE] }],
    outputs: ['logits'],
    nodes: [
      { op: 'Conv', inputs: ['input', 'cw', 'cb'], outputs: ['conv'], attrs: { pads: { ints: [1, 1, 1, 1] } } },
      { op: activation, inputs: ['conv'], outputs: ['act'] },
      { op: 'GlobalAveragePool', inputs: ['act'], outputs: ['gap'] },
      { op: 'Flatten', inputs: ['gap'], outputs: ['flat'] },
      { op: 'Gemm', inputs: ['flat', 'W', 'b'], outputs: ['logits'], attrs: { transB: { i: 1 } } },
    ],
    initializers: { cw: CONV, cb: CONV_BIAS, W, b: B },
  };
}

/** The same exported with a fixed batch of 1 and a Reshape to [1, -1] instead of Flatten. */
function fixedBatchClassifier(): ModelSpec {
  const spec = classifier('Relu', 1);
  spec.nodes[3] = { op: 'Reshape', inputs: ['gap', 'shape'], outputs: ['flat'] };
  spec.initializers = { ...spec.initializers, shape: { dims: [2], data: [1, -1], type: 'int64' } };
  return spec;
}

/** The classifier rebuilt with tf.layers (NHWC): weights transposed to TF.js's layouts. */
function sameModelInTfjs(): ExplainableModel {
  const conv = tf.layers.conv2d({ inputShape: [SIDE, SIDE, 3], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' });
  const dense = tf.layers.dense({ units: 5 });
  const model = tf.sequential({ layers: [conv, tf.layers.globalAveragePooling2d({}), dense] });
  conv.setWeights([tf.transpose(tf.tensor4d(CONV.data, [4, 3, 3, 3]), [2, 3, 1, 0]), tf.tensor1d(CONV_BIAS.data)]);
  dense.setWeights([tf.transpose(tf.tensor2d(W.data, [5, 4])), tf.tensor1d(B.data)]);
  return wrapLayersModel(model, 'same-in-tfjs', { preprocess: UNIT });
}

const images = (n: number): Float32Array => Float32Array.from(noise(n * SIDE * SIDE * 3, 9));

async function maps(method: Method, model: ExplainableModel, n: number, batchSize = 4): Promise<Float32Array[]> {
  const batch = tf.tensor4d(images(n), [n, SIDE, SIDE, 3]);
  try {
    const result = await method.explain({ model, score: 'logit', seed: 0, batchSize }, batch, { classes: Array.from({ length: n }, (_, i) => [i % 5]) });
    return result.maps.map((m) => m[0].values);
  } finally {
    batch.dispose();
  }
}

function expectSameMaps(actual: Float32Array[], expected: Float32Array[]): void {
  const scale = Math.max(...expected.flatMap((m) => Array.from(m, Math.abs)));
  expect(scale).toBeGreaterThan(0);
  expect(actual).toHaveLength(expected.length);
  actual.forEach((m, i) => m.forEach((v, p) => expect(Math.abs(v - expected[i][p])).toBeLessThan(1e-5 * scale)));
}

describe('input-gradient methods on ONNX models (whole model translated to TF.js)', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('give the maps of the same network built with tf.layers (NCHW transposed first)', async () => {
    const onnxModel = await loadOnnxModel(buildModel(classifier()), { preprocess: UNIT });
    const tfjsModel = sameModelInTfjs();
    for (const method of [SALIENCY, INPUT_X_GRADIENT, integratedGradientsMethod({ steps: 6 })]) {
      expectSameMaps(await maps(method, onnxModel, 3), await maps(method, tfjsModel, 3));
    }
    onnxModel.dispose();
    tfjsModel.dispose();
  });

  it('run a model exported with a fixed batch of 1 example by example, with the same maps, and leak nothing', async () => {
    const fixed = await loadOnnxModel(buildModel(fixedBatchClassifier()), { preprocess: UNIT });
    const free = await loadOnnxModel(buildModel(classifier()), { preprocess: UNIT });
    expectSameMaps(await maps(SALIENCY, fixed, 3), await maps(SALIENCY, free, 3));
    const before = tf.memory().numTensors;
    await maps(integratedGradientsMethod({ steps: 4 }), fixed, 2, 3);
    expect(tf.memory().numTensors).toBe(before);
    fixed.dispose();
    free.dispose();
  });

  it('a model with an op that has no TF.js translation is a UsageError naming the method and the engine', async () => {
    const model = await loadOnnxModel(buildModel(classifier('Celu')), { preprocess: UNIT });
    expect(model.differentiable()).toBeUndefined();
    const attempt = maps(SALIENCY, model, 1);
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(attempt).rejects.toThrow(/method 'saliency' needs gradients back to the input, which the onnx engine cannot give/);
    model.dispose();
  });
});
