import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOnnx } from '../src/engines/onnx/graph.js';
import { loadOnnxModel, type OnnxModel } from '../src/engines/onnx/index.js';
import { createSession } from '../src/engines/onnx/ort-session.js';
import { Program } from '../src/engines/onnx/program.js';
import { withTaps } from '../src/engines/onnx/surgery.js';
import { liveNodes, wholeModelProgram } from '../src/engines/onnx/translate.js';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { UsageError } from '../src/errors.js';
import { computeCams } from '../src/explainers/cam/cam-core.js';
import { gradCamWeights } from '../src/explainers/cam/gradcam.js';
import { prepareImage } from '../src/image/prepare.js';
import { HAVE_SHARED, IMAGES, maxAbsDiff, MODELS, noise, pearson } from './onnx-fixtures.js';

const path = (name: string): string => join(MODELS, name);

if (!HAVE_SHARED) console.warn('skipped ONNX model-zoo tests: ../shared/models is absent');

describe.skipIf(!HAVE_SHARED)('PyTorch-exported ONNX models (needs ../shared)', () => {
  let image: tf.Tensor4D;

  beforeAll(async () => {
    await initBackend('wasm');
    const prepared = await prepareImage(join(IMAGES, 'chelsea.png'), { height: 224, width: 224, channels: 3, layout: 'NCHW', preprocess: { scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], resize: 'fill' } });
    image = tf.tensor4d(prepared.input.data, [1, 224, 224, 3]);
  });

  afterAll(() => image?.dispose());

  /** Grad-CAM of the top class through ONNX Runtime and through the whole model in TF.js. */
  async function bothCams(ort: OnnxModel, tfjs: OnnxModel, layer?: string): Promise<void> {
    const a = await computeCams(await ort.split(layer), image, { topK: 1 }, gradCamWeights);
    const b = await computeCams(await tfjs.split(layer), image, { topK: 1 }, gradCamWeights);
    expect(b.maps[0][0].classIndex).toBe(a.maps[0][0].classIndex);
    expect(Math.max(...a.maps[0][0].values)).toBeGreaterThan(0);
    expect(pearson(a.maps[0][0].values, b.maps[0][0].values)).toBeGreaterThanOrEqual(0.999);
  }

  describe('resnet18', () => {
    let ort: OnnxModel;
    beforeAll(async () => {
      ort = await loadOnnxModel(path('resnet18_random.onnx'));
    });
    afterAll(() => ort?.dispose());

    it('lists block outputs, and nothing inside a residual block, ending at the last ReLU', () => {
      const names = ort.layers().map((l) => l.name);
      expect(names).toContain('/layer3/layer3.1/relu_1/Relu_output_0');
      // The first conv of a block is bypassed by the skip connection: the logits are not a function of it alone.
      expect(names).not.toContain('/layer4/layer4.1/conv1/Conv_output_0');
      expect(ort.defaultLayer()).toMatchObject({ name: '/layer4/layer4.1/relu_1/Relu_output_0', shape: [512, 7, 7], channelAxis: 1 });
    });

    it('the head-only gradient at layer3 equals the gradient of the whole translated model there', async () => {
      const split = await ort.split('/layer3/layer3.1/relu_1/Relu_output_0');
      const { logits, activations } = await split.run(image);
      const cls = tf.oneHot(tf.argMax(logits, 1), 1000).toFloat();
      const headGrad = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(split.head(a as tf.Tensor4D), cls)))(activations);
      const graph = parseOnnx(readFileSync(path('resnet18_random.onnx')), 'resnet18');
      const whole = Program.compile(graph, {
        nodes: liveNodes(graph, ['logits']).filter((n) => !n.outputs.includes(split.layer.name)),
        inputs: ['input', split.layer.name],
        outputs: ['logits'],
      });
      const nchw = tf.transpose(image, [0, 3, 1, 2]);
      const wholeGrad = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(whole.run([nchw, a])[0], cls)))(activations);
      expect(Math.max(...Array.from(headGrad.dataSync(), Math.abs))).toBeGreaterThan(0);
      expect(maxAbsDiff(headGrad.dataSync(), wholeGrad.dataSync())).toBeLessThan(1e-4);
      whole.dispose();
      graph.release();
      tf.dispose([logits, activations, cls, headGrad, wholeGrad, nchw]);
    });

    it('Grad-CAM through ONNX Runtime equals Grad-CAM through the whole model in TF.js (default and layer3)', async () => {
      const tfjs = await loadOnnxModel(path('resnet18_random.onnx'), { runtime: 'tfjs' });
      try {
        await bothCams(ort, tfjs);
        await bothCams(ort, tfjs, '/layer3/layer3.1/relu_1/Relu_output_0');
      } finally {
        tfjs.dispose();
      }
    });

    it('explains a batch of two with two classes each in one call', async () => {
      const two = tf.concat([image, tf.reverse(image, 2)]) as tf.Tensor4D;
      const result = await computeCams(await ort.split(), two, { topK: 2 }, gradCamWeights);
      two.dispose();
      expect(result.maps.map((m) => m.length)).toEqual([2, 2]);
      expect(result.maps[0][0]).toMatchObject({ width: 7, height: 7 });
      expect(result.maps[0][0].values.every(Number.isFinite)).toBe(true);
    });
  });

  describe('efficientnet_b0 (SiLU, squeeze-excitation)', () => {
    it('defaults to the 7x7 SiLU output and explains the same through ONNX Runtime and TF.js, here and at a block output', async () => {
      const ort = await loadOnnxModel(path('efficientnet_b0_random.onnx'));
      const tfjs = await loadOnnxModel(path('efficientnet_b0_random.onnx'), { runtime: 'tfjs' });
      try {
        expect(ort.defaultLayer()).toMatchObject({ shape: [1280, 7, 7], type: 'Mul' });
        // A block output whose head holds depthwise convolutions and squeeze-excitation gates.
        const block = ort.layers().filter((l) => l.shape[0] === 192).at(-1)!.name;
        await bothCams(ort, tfjs);
        await bothCams(ort, tfjs, block);
      } finally {
        ort.dispose();
        tfjs.dispose();
      }
    });
  });

  describe('vit_tiny', () => {
    it('lists its patch embedding as the one spatial layer and predicts a batch', async () => {
      const model = await loadOnnxModel(path('vit_tiny_random.onnx'));
      try {
        expect(model.layers()).toEqual([{ name: '/conv_proj/Conv_output_0', shape: [192, 14, 14], channelAxis: 1, type: 'Conv' }]);
        const x = tf.tensor4d(noise(2 * 224 * 224 * 3, 5), [2, 224, 224, 3]);
        const logits = await model.predict(x);
        expect(logits.shape).toEqual([2, 1000]);
        expect(Array.from(logits.dataSync()).every(Number.isFinite)).toBe(true);
        tf.dispose([x, logits]);
      } finally {
        model.dispose();
      }
    });

    it('translates to TF.js: the encoder output reaching the classifier matches ONNX Runtime', async () => {
      // The classifier of this randomly initialised ViT is zero (torchvision's init), so compare what feeds it.
      const bytes = readFileSync(path('vit_tiny_random.onnx'));
      const graph = parseOnnx(bytes, 'vit');
      const features = graph.producer('logits')!.inputs[0];
      const x = noise(2 * 3 * 224 * 224, 6);
      const session = await createSession(withTaps(graph, [{ tensor: features }]), 'vit');
      const expected = (await session.run({ input: { type: 'float32', data: Float32Array.from(x), dims: [2, 3, 224, 224] } }, [features]))[features];
      await session.release();
      const program = wholeModelProgram(graph);
      const [logits, got] = program.run([tf.tensor4d(x, [2, 3, 224, 224])], { freeIntermediates: true, also: [features] });
      expect(got.shape).toEqual([...expected.dims]);
      expect(maxAbsDiff(got.dataSync(), expected.data as Float32Array)).toBeLessThan(1e-3);
      tf.dispose([logits, got]);
      program.dispose();
      graph.release();
    });
  });

  describe('lstm (a sequence model)', () => {
    it('loads and predicts a batch of sequences through predictRaw', async () => {
      const model = await loadOnnxModel(path('lstm_random.onnx'));
      try {
        expect(model.numClasses).toBe(4);
        const out = await model.predictRaw({ input: { data: Float32Array.from(noise(2 * 50 * 8, 7)), dims: [2, 50, 8] } });
        expect(out.logits.dims).toEqual([2, 4]);
        expect(Array.from(out.logits.data as Float32Array).every(Number.isFinite)).toBe(true);
      } finally {
        model.dispose();
      }
    });

    it('refuses image use with a one-line UsageError saying the input is not an image', async () => {
      const model = await loadOnnxModel(path('lstm_random.onnx'));
      try {
        await expect(model.split()).rejects.toThrow(UsageError);
        await expect(model.split()).rejects.toThrow(/^model input is not an image: input 'input' is \[batch, 50, 8\]/);
        expect(() => model.inputSpec).toThrow(/model input is not an image/);
        expect(() => model.layers()).toThrow(/model input is not an image/);
        await expect(model.predictRaw({ sequence: { data: new Float32Array(8), dims: [1, 1, 8] } })).rejects.toThrow(/has no input 'sequence'/);
      } finally {
        model.dispose();
      }
    });
  });
});
