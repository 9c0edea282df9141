import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { wrapLayersModel } from '../src/engines/tfjs/load.js';
import { UNIT } from './helpers/tiny-model.js';

/**
 * A head made of the convolutions the compiled head handles itself (strided conv, strided depthwise conv,
 * both 'same' and 'valid'), linear activations so no ReLU boundary can differ between backends.
 */
function convHeadModel(): tf.LayersModel {
  const input = tf.input({ shape: [9, 9, 3] });
  const seed = (s: number) => tf.initializers.glorotUniform({ seed: s });
  const target = tf.layers.conv2d({ filters: 4, kernelSize: 1, name: 'target', kernelInitializer: seed(1) }).apply(input) as tf.SymbolicTensor;
  let x = tf.layers.depthwiseConv2d({ kernelSize: 3, strides: 2, padding: 'same', depthMultiplier: 2, name: 'dw', depthwiseInitializer: seed(2), biasInitializer: 'ones' }).apply(target) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ filters: 5, kernelSize: 3, strides: 2, padding: 'valid', name: 'conv', kernelInitializer: seed(3) }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'tanh', name: 'conv_tanh', kernelInitializer: seed(4) }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 3, kernelInitializer: seed(5) }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

async function headGradient(backend: 'cpu' | 'wasm', acts: Float32Array): Promise<Float32Array> {
  await initBackend(backend);
  const wrapped = wrapLayersModel(convHeadModel(), 'conv-head', { preprocess: UNIT });
  const split = await wrapped.split('target');
  const a = tf.tensor4d(acts, [1, 9, 9, 4]);
  const g = tf.grad((t: tf.Tensor) => tf.sum(tf.slice(split.head(t as tf.Tensor4D), [0, 1], [-1, 1])))(a);
  const out = g.dataSync().slice() as Float32Array;
  tf.dispose([a, g]);
  wrapped.dispose();
  return out;
}

/** The same gradient by TF.js's own autodiff through the layers as tfjs-layers applies them (cpu backend). */
async function referenceGradient(acts: Float32Array): Promise<Float32Array> {
  await initBackend('cpu');
  const model = convHeadModel();
  const layers = model.layers.slice(2); // after the input and the target
  const a = tf.tensor4d(acts, [1, 9, 9, 4]);
  const g = tf.grad((t: tf.Tensor) => {
    let y: tf.Tensor = t;
    for (const l of layers) y = l.apply(y) as tf.Tensor;
    return tf.sum(tf.slice(y, [0, 1], [-1, 1]));
  })(a);
  const out = g.dataSync().slice() as Float32Array;
  tf.dispose([a, g]);
  model.dispose();
  return out;
}

describe('input-only convolution gradients in the compiled head', () => {
  it('match TF.js autodiff through the layers, on wasm and on cpu', async () => {
    await initBackend('cpu');
    const acts = tf.randomUniform([9 * 9 * 4], -1, 1, 'float32', 11).dataSync() as Float32Array;
    const reference = await referenceGradient(acts);
    const scale = Math.max(...reference.map(Math.abs));
    expect(scale).toBeGreaterThan(0);
    for (const backend of ['wasm', 'cpu'] as const) {
      const g = await headGradient(backend, acts);
      let worst = 0;
      g.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - reference[i]))));
      expect(worst).toBeLessThan(1e-5 * scale);
    }
  });
});
