import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { graphSteps } from '../src/engines/tfjs/graph.js';
import { wrapLayersModel } from '../src/engines/tfjs/load.js';
import { buildZooModel } from '../src/zoo/index.js';
import { UNIT } from './helpers/tiny-model.js';

/**
 * The gradient of a class score with respect to a layer's activations, taken through the WHOLE graph:
 * the model is evaluated from its input with a perturbation `delta` added to the layer's output, and the
 * gradient is taken with respect to delta at zero. This is what a full backward with a hook would see.
 */
function fullGraphGradient(model: tf.LayersModel, layerName: string, x: tf.Tensor4D, cls: number): tf.Tensor {
  const steps = graphSteps(model);
  const target = steps.find((s) => s.layer.name === layerName);
  if (!target) throw new Error(`no layer ${layerName}`);
  const delta = tf.zeros([x.shape[0], ...target.shape]);
  const run = (d: tf.Tensor): tf.Scalar => {
    const values = new Map<number, tf.Tensor>([[model.inputs[0].id, x]]);
    for (const s of steps) {
      const args = s.inputIds.map((id) => values.get(id) as tf.Tensor);
      let out = s.layer.apply(args.length === 1 ? args[0] : args, { training: false }) as tf.Tensor;
      if (s === target) out = tf.add(out, d);
      values.set(s.outputId, out);
    }
    const logits = values.get(model.outputs[0].id) as tf.Tensor2D;
    return tf.sum(tf.slice(logits, [0, cls], [-1, 1]));
  };
  return tf.grad(run)(delta);
}

/** Default layers: their heads hold pooling and Dense layers only, so the wasm backend can run the reference. */
const DEFAULT_LAYER_CASES = ['mobilenetv2', 'resnet18', 'efficientnetb0', 'vgg16'] as const;

/**
 * Earlier layers, whose heads hold strided, depthwise and squeeze-excite convolutions. The full-graph reference
 * back-propagates through tfjs-layers' fused convolutions, whose gradient needs filter-gradient kernels the
 * wasm backend lacks, so these run on cpu, at 32x32 to keep the pure-JS convolutions quick.
 */
const EARLY_LAYER_CASES = [
  ['mobilenetv2', 'block_12_add'],
  ['resnet18', 'conv4_block2_out'],
  ['efficientnetb0', 'block6d_add'],
] as const;

async function expectHeadEqualsFull(name: (typeof DEFAULT_LAYER_CASES)[number], size: number, layer?: string, backend?: 'cpu'): Promise<void> {
  // Built (and batch-norm calibrated) on wasm, which is fast; the weights move to cpu when first used there.
  const model = buildZooModel(name, { inputSize: size, numClasses: 10, seed: 1 });
  if (backend) await initBackend(backend);
  const wrapped = wrapLayersModel(model, name, { preprocess: UNIT });
  const split = await wrapped.split(layer);
  const x = tf.randomNormal([2, size, size, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
  const { activations, logits } = await split.run(x);
  const cls = 4;
  const head = tf.grad((a: tf.Tensor) => tf.sum(tf.slice(split.head(a as tf.Tensor4D), [0, cls], [-1, 1])))(activations);
  const full = fullGraphGradient(model, split.layer.name, x, cls);
  const scale = tf.max(tf.abs(full)).dataSync()[0];
  const maxDiff = tf.max(tf.abs(tf.sub(head, full))).dataSync()[0];
  expect(scale).toBeGreaterThan(0);
  expect(maxDiff).toBeLessThan(1e-4 * Math.max(1, scale));
  // The head re-applied to the body's activations reproduces the model's own logits.
  const again = split.head(activations);
  expect(tf.max(tf.abs(tf.sub(again, logits))).dataSync()[0]).toBeLessThan(1e-4);
  tf.dispose([x, activations, logits, head, full, again]);
  wrapped.dispose();
}

describe('head-only gradient', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  for (const name of DEFAULT_LAYER_CASES) {
    it(`equals the full-graph gradient at the default layer of ${name} (1e-4)`, async () => {
      await expectHeadEqualsFull(name, 64);
    });
  }

  for (const [name, layer] of EARLY_LAYER_CASES) {
    it(`equals the full-graph gradient at ${layer} of ${name} (1e-4, cpu)`, async () => {
      try {
        await expectHeadEqualsFull(name, 32, layer, 'cpu');
      } finally {
        await initBackend('wasm');
      }
    });
  }

  it('for a GAP -> Dense head equals W[:, c] / (H*W) everywhere (MobileNetV2)', async () => {
    const model = buildZooModel('mobilenetv2', { inputSize: 64, numClasses: 10, seed: 2 });
    const wrapped = wrapLayersModel(model, 'mobilenetv2', { preprocess: UNIT });
    const split = await wrapped.split();
    const [h, w, ch] = split.layer.shape;
    const acts = tf.randomUniform([1, h, w, ch], 0, 1, 'float32', 5) as tf.Tensor4D;
    const cls = 3;
    const g = tf.grad((a: tf.Tensor) => tf.sum(tf.slice(split.head(a as tf.Tensor4D), [0, cls], [-1, 1])))(acts);
    const dense = model.layers[model.layers.length - 1];
    const kernel = dense.getWeights()[0] as tf.Tensor2D; // [channels, classes]
    const expected = tf.div(tf.slice(kernel, [0, cls], [-1, 1]).reshape([1, 1, 1, ch]), h * w);
    const diff = tf.max(tf.abs(tf.sub(g, tf.broadcastTo(expected, g.shape)))).dataSync()[0];
    expect(diff).toBeLessThan(1e-7);
    tf.dispose([acts, g, expected]);
    wrapped.dispose();
  });
});

describe('target layer auto-detection', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it.each(['mobilenetv2', 'resnet18', 'efficientnetb0', 'vgg16'] as const)('picks the zoo\'s published last conv layer for %s', async (name) => {
    const { zooEntry } = await import('../src/zoo/index.js');
    const wrapped = wrapLayersModel(buildZooModel(name, { inputSize: 64, numClasses: 10 }), name, { preprocess: UNIT });
    expect(wrapped.defaultLayer().name).toBe(zooEntry(name).defaultLayer);
    wrapped.dispose();
  });
});
