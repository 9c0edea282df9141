import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { wrapLayersModel } from '../src/engines/tfjs/load.js';
import { computeCams, type CamCombination } from '../src/explainers/cam/cam-core.js';
import { GRADCAM_PLUS_PLUS_EPSILON, gradCamPlusPlusWeights } from '../src/explainers/cam/gradcam-plus-plus.js';
import { gradCamWeights } from '../src/explainers/cam/gradcam.js';
import { hiResCam } from '../src/explainers/cam/hirescam.js';
import { layerCam } from '../src/explainers/cam/layercam.js';
import { xGradCamWeights } from '../src/explainers/cam/xgradcam.js';
import { UNIT } from './helpers/tiny-model.js';

const SIZE = 8;

/** input 8x8x3 -> conv (ReLU) -> [post conv (ReLU)] -> GAP -> dense(3), seeded. */
function model(withPostConv: boolean) {
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  const input = tf.input({ shape: [SIZE, SIZE, 3] });
  const conv = tf.layers.conv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init(1), name: 'conv' });
  const post = tf.layers.conv2d({ filters: 5, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(2), name: 'post' });
  const gap = tf.layers.globalAveragePooling2d({ name: 'gap' });
  const dense = tf.layers.dense({ units: 3, kernelInitializer: init(3), biasInitializer: 'ones', name: 'logits' });
  let x = conv.apply(input) as tf.SymbolicTensor;
  if (withPostConv) x = post.apply(x) as tf.SymbolicTensor;
  const out = dense.apply(gap.apply(x)) as tf.SymbolicTensor;
  const head = (a: tf.Tensor4D) => dense.apply(gap.apply(withPostConv ? post.apply(a) : a)) as tf.Tensor2D;
  return { wrapped: wrapLayersModel(tf.model({ inputs: input, outputs: out }), 'closed-form', { preprocess: UNIT }), head };
}

const input = () => tf.randomUniform([2, SIZE, SIZE, 3], -1, 1, 'float32', 11) as tf.Tensor4D;

async function camOf(m: ReturnType<typeof model>, classes: number[][], combine: CamCombination): Promise<Float32Array[]> {
  const split = await m.wrapped.split('conv');
  const x = input();
  const result = await computeCams(split, x, { classes }, combine);
  x.dispose();
  return result.maps.flat().map((cam) => cam.values);
}

/** Activations [M][P][C] and the logit gradient of each row's class, from the layers applied by hand. */
function fieldByHand(m: ReturnType<typeof model>, classes: number[]) {
  return tf.tidy(() => {
    const body = tf.model({ inputs: m.wrapped.model.inputs, outputs: m.wrapped.model.getLayer('conv').output as tf.SymbolicTensor });
    const a = body.predict(input()) as tf.Tensor4D;
    const oneHot = tf.oneHot(tf.tensor1d(classes, 'int32'), 3).toFloat();
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(m.head(t as tf.Tensor4D), oneHot)))(a);
    const [rows, h, w, c] = a.shape;
    const rowsOf = (t: tf.Tensor) => {
      const d = t.dataSync();
      return Array.from({ length: rows }, (_, r) => Array.from({ length: h * w }, (_, p) => Array.from(d.subarray((r * h * w + p) * c, (r * h * w + p + 1) * c))));
    };
    return { A: rowsOf(a), G: rowsOf(g), positions: h * w, channels: c };
  });
}

const relu = (v: number) => Math.max(0, v);
const sum = (xs: number[]) => xs.reduce((s, v) => s + v, 0);

function expectClose(actual: Float32Array, expected: number[], relative: number): void {
  const scale = Math.max(...expected.map(Math.abs));
  expect(scale).toBeGreaterThan(0);
  actual.forEach((v, p) => expect(Math.abs(v - expected[p])).toBeLessThanOrEqual(relative * scale));
}

describe('CAM variants reduce to closed forms on a GAP -> dense head', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  // With logits = mean(A) W + b over Z = H*W positions, g_k = W[k, c] / Z everywhere. Then
  //   XGradCAM:   sum(g A_k) / sum(A_k) = g_k                       -> the Grad-CAM map;
  //   HiResCAM:   sum_k g_k A_k                                     -> the Grad-CAM map;
  //   Grad-CAM++: alpha_k = g^2 / (2 g^2 + S_k g^3 + eps), the same at every position, so
  //               w_k = Z relu(g_k) alpha_k, S_k = sum(A_k) (= Z relu(g_k) / (2 + S_k g_k) when eps << g^2).
  it('XGradCAM and HiResCAM equal Grad-CAM', async () => {
    const m = model(false);
    expect((await m.wrapped.split('conv')).pooledLinear).toBeDefined();
    const classes = [[0, 2], [1]];
    const grad = await camOf(m, classes, gradCamWeights);
    for (const combine of [xGradCamWeights, hiResCam]) {
      (await camOf(m, classes, combine)).forEach((cam, i) => expectClose(cam, Array.from(grad[i]), 1e-4));
    }
    m.wrapped.dispose();
  });

  it('Grad-CAM++ weighs channel k by Z relu(g_k) g_k^2 / (2 g_k^2 + S_k g_k^3 + eps)', async () => {
    const m = model(false);
    const classes = [0, 2];
    const cams = await camOf(m, classes.map((c) => [c]), gradCamPlusPlusWeights);
    const { A, positions, channels } = fieldByHand(m, classes);
    const W = (m.wrapped.model.getLayer('logits').getWeights()[0].arraySync() as number[][]);
    classes.forEach((cls, r) => {
      const w = Array.from({ length: channels }, (_, k) => {
        const g = W[k][cls] / positions;
        const s = sum(A[r].map((a) => a[k]));
        return (positions * relu(g) * g ** 2) / (2 * g ** 2 + s * g ** 3 + GRADCAM_PLUS_PLUS_EPSILON);
      });
      expectClose(cams[r], A[r].map((a) => relu(sum(a.map((v, k) => w[k] * v)))), 1e-4);
    });
    m.wrapped.dispose();
  });
});

describe('CAM variants with a gradient that varies over space (autodiff head)', () => {
  beforeAll(async () => {
    // The head's 3x3 convolution needs an input gradient that the wasm backend computes only with the filter's.
    await initBackend('cpu');
  });

  const classes = [1, 0];
  const FORMULAS: [string, CamCombination, (a: number[], g: number[], S: number[], Sga: number[]) => number][] = [
    ['HiResCAM: sum_k g A', hiResCam, (a, g) => sum(a.map((v, k) => g[k] * v))],
    ['LayerCAM: sum_k relu(g) A', layerCam, (a, g) => sum(a.map((v, k) => relu(g[k]) * v))],
    ['XGradCAM: sum_k [sum(g A_k) / sum(A_k)] A', xGradCamWeights, (a, _g, S, Sga) => sum(a.map((v, k) => (Sga[k] / (S[k] + 1e-7)) * v))],
  ];

  it.each(FORMULAS)('%s matches loops over the autodiff gradient', async (_name, combine, perPosition) => {
    const m = model(true);
    expect((await m.wrapped.split('conv')).pooledLinear).toBeUndefined();
    const cams = await camOf(m, classes.map((c) => [c]), combine);
    const { A, G, channels } = fieldByHand(m, classes);
    classes.forEach((_cls, r) => {
      const S = Array.from({ length: channels }, (_, k) => sum(A[r].map((a) => a[k])));
      const Sga = Array.from({ length: channels }, (_, k) => sum(A[r].map((a, p) => a[k] * G[r][p][k])));
      expectClose(cams[r], A[r].map((a, p) => relu(perPosition(a, G[r][p], S, Sga))), 1e-4);
    });
    m.wrapped.dispose();
  });

  it('Grad-CAM++ matches loops over the autodiff gradient', async () => {
    const m = model(true);
    const cams = await camOf(m, classes.map((c) => [c]), gradCamPlusPlusWeights);
    const { A, G, channels } = fieldByHand(m, classes);
    classes.forEach((_cls, r) => {
      const w = Array.from({ length: channels }, (_, k) => {
        const S = sum(A[r].map((a) => a[k]));
        return sum(G[r].map((g) => (g[k] === 0 ? 0 : (relu(g[k]) * g[k] ** 2) / (2 * g[k] ** 2 + S * g[k] ** 3 + 1e-6))));
      });
      expectClose(cams[r], A[r].map((a) => relu(sum(a.map((v, k) => w[k] * v)))), 1e-4);
    });
    m.wrapped.dispose();
  });
});
