import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOnnxModel, type OnnxModel } from '../src/engines/onnx/index.js';
import { parseOnnx } from '../src/engines/onnx/graph.js';
import { Program } from '../src/engines/onnx/program.js';
import { liveNodes } from '../src/engines/onnx/translate.js';
import { initBackend } from '../src/engines/tfjs/backend.js';
import type { ModelSplit } from '../src/engines/types.js';
import { computeCams } from '../src/explainers/cam/cam-core.js';
import { autodiffGradient, pooledLinearGradient } from '../src/explainers/cam/head-gradient.js';
import { gradCamWeights } from '../src/explainers/cam/gradcam.js';
import { prepareImage } from '../src/image/prepare.js';
import { HAVE_SHARED, IMAGES, maxAbsDiff, MODELS, pearson } from './onnx-fixtures.js';

/** Top-1 of mobilenetv2_imagenet.onnx with a plain bilinear resize to 224x224 (shared/README.md). */
const EXPECTED_TOP1: Record<string, number> = {
  'chelsea.png': 285,
  'coffee.png': 967,
  'baboon.jpg': 372,
  'orange.jpg': 950,
  'squirrel_cls.jpg': 335,
  'grace_hopper.jpg': 652,
};
const PHOTOS = Object.keys(EXPECTED_TOP1);
const EGYPTIAN_CAT = 285;

const FLOAT = join(MODELS, 'mobilenetv2_imagenet.onnx');
const INT8 = join(MODELS, 'mobilenetv2-12-int8.onnx');

if (!HAVE_SHARED) console.warn('skipped MobileNetV2 ONNX tests: ../shared (models and photographs) is absent');

describe.skipIf(!HAVE_SHARED)('MobileNetV2 from ONNX on real photographs (needs ../shared)', () => {
  let float: OnnxModel;
  let batch: tf.Tensor4D;
  let chelsea: tf.Tensor4D;

  beforeAll(async () => {
    await initBackend('wasm');
    float = await loadOnnxModel(FLOAT);
    const prepared = await Promise.all(PHOTOS.map((p) => prepareImage(join(IMAGES, p), float.inputSpec)));
    const size = 224 * 224 * 3;
    const data = new Float32Array(size * PHOTOS.length);
    prepared.forEach((p, i) => data.set(p.input.data, i * size));
    batch = tf.tensor4d(data, [PHOTOS.length, 224, 224, 3]);
    chelsea = tf.slice(batch, [0, 0, 0, 0], [1, -1, -1, -1]);
  });

  afterAll(() => {
    batch?.dispose();
    chelsea?.dispose();
    float?.dispose();
  });

  async function top1(model: OnnxModel, x: tf.Tensor4D): Promise<number[]> {
    const logits = await model.predict(x);
    const classes = Array.from(await tf.argMax(logits, 1).data());
    logits.dispose();
    return classes;
  }

  async function cam(split: ModelSplit, x: tf.Tensor4D, cls: number): Promise<Float32Array> {
    const result = await computeCams(split, x, { classes: [[cls]] }, gradCamWeights);
    return result.maps[0][0].values;
  }

  it('describes its input as a 224x224 NCHW image with ImageNet preprocessing', () => {
    expect(float.inputSpec).toMatchObject({ height: 224, width: 224, channels: 3, layout: 'NCHW' });
    expect(float.inputSpec.preprocess.mean).toEqual([0.485, 0.456, 0.406]);
    expect(float.numClasses).toBe(1000);
  });

  it('defaults to the 7x7x1280 output of the last conv + ReLU6, listed NCHW with channelAxis 1', () => {
    const layer = float.defaultLayer();
    expect(layer).toMatchObject({ shape: [1280, 7, 7], channelAxis: 1, type: 'Clip' });
    expect(float.layers().at(-1)).toEqual(layer);
  });

  it('predicts the expected top-1 class for six photographs in one batch', async () => {
    expect(await top1(float, batch)).toEqual(PHOTOS.map((p) => EXPECTED_TOP1[p]));
  });

  it('the int8 model predicts the same six classes', async () => {
    const int8 = await loadOnnxModel(INT8);
    try {
      expect(int8.defaultLayer()).toMatchObject({ name: '627_quantized', shape: [1280, 7, 7] });
      expect(await top1(int8, batch)).toEqual(PHOTOS.map((p) => EXPECTED_TOP1[p]));
    } finally {
      int8.dispose();
    }
  });

  it("puts the Grad-CAM peak for 'Egyptian cat' on chelsea's face, in the lower-middle of the image", async () => {
    const split = await float.split();
    const values = await cam(split, chelsea, EGYPTIAN_CAT);
    const peak = values.indexOf(Math.max(...values));
    const [row, col] = [Math.floor(peak / 7), peak % 7];
    // Cell centres as fractions of the image: lower half, middle third.
    expect((row + 0.5) / 7).toBeGreaterThan(0.5);
    expect((col + 0.5) / 7).toBeGreaterThan(1 / 3);
    expect((col + 0.5) / 7).toBeLessThan(2 / 3);
  });

  it('the int8 model\'s Grad-CAM for chelsea agrees with the float model\'s', async () => {
    const int8 = await loadOnnxModel(INT8);
    try {
      const [a, b] = [await cam(await float.split(), chelsea, EGYPTIAN_CAT), await cam(await int8.split(), chelsea, EGYPTIAN_CAT)];
      expect(pearson(a, b)).toBeGreaterThan(0.9);
    } finally {
      int8.dispose();
    }
  });

  it('the head-only gradient equals the gradient of the whole translated model at the layer', async () => {
    const split = await float.split();
    const { logits, activations } = await split.run(chelsea);
    const oneHot = tf.oneHot([EGYPTIAN_CAT], 1000).toFloat();
    const headGrad = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(split.head(a as tf.Tensor4D), oneHot)))(activations);
    // The whole graph, with the layer fed in instead of computed: its gradient reaches the layer by every path.
    const graph = parseOnnx(readFileSync(FLOAT), FLOAT);
    const layer = split.layer.name;
    const whole = Program.compile(graph, {
      nodes: liveNodes(graph, ['logits']).filter((n) => !n.outputs.includes(layer)),
      inputs: ['input', layer],
      outputs: ['logits'],
    });
    const nchw = tf.transpose(chelsea, [0, 3, 1, 2]);
    const wholeGrad = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(whole.run([nchw, a])[0], oneHot)))(activations);
    const scale = Math.max(...Array.from(headGrad.dataSync(), Math.abs));
    expect(scale).toBeGreaterThan(0);
    expect(maxAbsDiff(headGrad.dataSync(), wholeGrad.dataSync())).toBeLessThan(1e-4);
    whole.dispose();
    graph.release();
    tf.dispose([logits, activations, oneHot, headGrad, wholeGrad, nchw]);
  });

  it('the closed-form gradient of its GlobalAveragePool -> Gemm head equals autodiff through the head', async () => {
    const split = await float.split();
    expect(split.pooledLinear).toBeDefined();
    const { logits, activations } = await split.run(chelsea);
    for (const score of ['logit', 'probability'] as const) {
      const targets = { oneHot: tf.oneHot([EGYPTIAN_CAT], 1000).toFloat() as tf.Tensor2D, logits: () => logits };
      const auto = autodiffGradient(split, activations, targets, score);
      const closed = pooledLinearGradient(split.pooledLinear!.weightsT, activations, 1, targets, score);
      const scale = Math.max(...Array.from(auto.dataSync(), Math.abs));
      expect(scale).toBeGreaterThan(0);
      expect(maxAbsDiff(auto.dataSync(), closed.dataSync())).toBeLessThan(1e-5 * scale);
      tf.dispose([targets.oneHot, auto, closed]);
    }
    tf.dispose([logits, activations]);
  });

  it('Grad-CAM with the ONNX Runtime forward equals Grad-CAM with the whole model in TF.js, at the default and a 14x14 layer', async () => {
    const translated = await loadOnnxModel(FLOAT, { runtime: 'tfjs' });
    try {
      // An earlier layer's head holds depthwise convolutions, whose gradient takes the engine's own path on wasm.
      const earlier = float.layers().filter((l) => l.shape[1] === 14).at(-1)!.name;
      for (const layer of [undefined, earlier]) {
        const [viaOrt, viaTfjs] = [await float.split(layer), await translated.split(layer)];
        const a = await computeCams(viaOrt, chelsea, { topK: 1 }, gradCamWeights);
        const b = await computeCams(viaTfjs, chelsea, { topK: 1 }, gradCamWeights);
        expect(b.maps[0][0].classIndex).toBe(a.maps[0][0].classIndex);
        expect(a.maps[0][0].classIndex).toBe(EGYPTIAN_CAT);
        expect(pearson(a.maps[0][0].values, b.maps[0][0].values)).toBeGreaterThanOrEqual(0.999);
      }
    } finally {
      translated.dispose();
    }
  });

  it('frees every tensor it made once disposed', async () => {
    const before = tf.memory().numTensors;
    const model = await loadOnnxModel(INT8);
    const split = await model.split();
    await computeCams(split, chelsea, { topK: 2 }, gradCamWeights);
    (await model.predict(chelsea)).dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
