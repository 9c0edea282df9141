import * as tf from '@tensorflow/tfjs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOnnxModel } from '../src/engines/onnx/index.js';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { buildModel, type Init, maxAbsDiff, type ModelSpec, noise } from './onnx-fixtures.js';

const float = (dims: number[], seed: number): Init => ({ dims, data: noise(dims.reduce((a, b) => a * b, 1), seed) });

const W = float([5, 4], 2);

/** Conv -> Relu -> GlobalAveragePool -> Flatten -> Gemm over [N, 3, 8, 8]: the smallest classifier. */
function classifier(batch: number | string = 'N'): ModelSpec {
  return {
    inputs: [{ name: 'input', dims: [batch, 3, 8, 8] }],
    outputs: ['logits'],
    nodes: [
      { op: 'Conv', inputs: ['input', 'cw', 'cb'], outputs: ['conv'], attrs: { pads: { ints: [1, 1, 1, 1] } } },
      { op: 'Relu', inputs: ['conv'], outputs: ['relu'] },
      { op: 'GlobalAveragePool', inputs: ['relu'], outputs: ['gap'] },
      { op: 'Flatten', inputs: ['gap'], outputs: ['flat'] },
      { op: 'Gemm', inputs: ['flat', 'W', 'b'], outputs: ['logits'], attrs: { transB: { i: 1 } } },
    ],
    initializers: { cw: float([4, 3, 3, 3], 1), cb: float([4], 3), W, b: float([5], 4) },
  };
}

/** The same classifier exported with a fixed batch of 1 and a Reshape to [1, -1] instead of Flatten. */
function fixedBatchClassifier(): ModelSpec {
  const spec = classifier(1);
  spec.nodes[3] = { op: 'Reshape', inputs: ['gap', 'shape'], outputs: ['flat'] };
  spec.initializers = { ...spec.initializers, shape: { dims: [2], data: [1, -1], type: 'int64' } };
  return spec;
}

/** A residual block: x -> conv -> relu -> (+ x) -> relu -> GAP -> Gemm. */
function residual(): ModelSpec {
  return {
    inputs: [{ name: 'input', dims: ['N', 3, 6, 6] }],
    outputs: ['logits'],
    nodes: [
      { op: 'Conv', inputs: ['input', 'w0'], outputs: ['stem'], attrs: { pads: { ints: [1, 1, 1, 1] } } },
      { op: 'Conv', inputs: ['stem', 'w1'], outputs: ['inner'], attrs: { pads: { ints: [1, 1, 1, 1] } } },
      { op: 'Relu', inputs: ['inner'], outputs: ['innerRelu'] },
      { op: 'Add', inputs: ['innerRelu', 'stem'], outputs: ['sum'] },
      { op: 'Relu', inputs: ['sum'], outputs: ['out'] },
      { op: 'GlobalAveragePool', inputs: ['out'], outputs: ['gap'] },
      { op: 'Flatten', inputs: ['gap'], outputs: ['flat'] },
      { op: 'Gemm', inputs: ['flat', 'W', 'b'], outputs: ['logits'], attrs: { transB: { i: 1 } } },
    ],
    initializers: { w0: float([4, 3, 3, 3], 5), w1: float([4, 4, 3, 3], 6), W, b: float([5], 7) },
  };
}

const nhwcBatch = (n: number, seed: number): tf.Tensor4D => tf.tensor4d(noise(n * 8 * 8 * 3, seed), [n, 8, 8, 3]);

beforeAll(async () => {
  await initBackend('wasm');
});

describe('loadOnnxModel on small in-memory models', () => {
  it('reads an NCHW image input: size, layout and ImageNet preprocessing by default', async () => {
    const model = await loadOnnxModel(buildModel(classifier()));
    expect(model.engine).toBe('onnx');
    expect(model.source).toBe('<bytes>');
    expect(model.inputSpec).toMatchObject({ height: 8, width: 8, channels: 3, layout: 'NCHW', preprocess: { mean: [0.485, 0.456, 0.406] } });
    expect(model.numClasses).toBe(5);
    model.dispose();
  });

  it('lists both 4-D tensors and defaults to the last one before space collapses', async () => {
    const model = await loadOnnxModel(buildModel(classifier()));
    expect(model.layers()).toEqual([
      { name: 'conv', shape: [4, 8, 8], channelAxis: 1, type: 'Conv' },
      { name: 'relu', shape: [4, 8, 8], channelAxis: 1, type: 'Relu' },
    ]);
    expect(model.defaultLayer().name).toBe('relu');
    model.dispose();
  });

  it('leaves out tensors a skip connection bypasses', async () => {
    const model = await loadOnnxModel(buildModel(residual()));
    expect(model.layers().map((l) => l.name)).toEqual(['stem', 'sum', 'out']);
    model.dispose();
  });

  it('returns the same logits from predict and from a split run, with NCHW activations', async () => {
    const model = await loadOnnxModel(buildModel(classifier()));
    const x = nhwcBatch(3, 8);
    const logits = await model.predict(x);
    const split = await model.split();
    const run = await split.run(x);
    expect(logits.shape).toEqual([3, 5]);
    expect(run.activations.shape).toEqual([3, 4, 8, 8]);
    expect(maxAbsDiff(logits.dataSync(), run.logits.dataSync())).toBe(0);
    expect(maxAbsDiff(split.head(run.activations).dataSync(), logits.dataSync())).toBeLessThan(1e-5);
    tf.dispose([x, logits, run.logits, run.activations]);
    model.dispose();
  });

  it('has a head gradient of W[c, k] / (H * W) for a GlobalAveragePool -> Gemm head', async () => {
    const model = await loadOnnxModel(buildModel(classifier()));
    const split = await model.split();
    const activations = tf.tensor4d(noise(4 * 64, 9), [1, 4, 8, 8]);
    const cls = 2;
    const grad = tf.grad((a: tf.Tensor) => tf.sum(tf.slice(split.head(a as tf.Tensor4D), [0, cls], [-1, 1])))(activations);
    const values = grad.dataSync();
    for (let k = 0; k < 4; k++) {
      for (let p = 0; p < 64; p++) expect(values[k * 64 + p]).toBeCloseTo(W.data[cls * 4 + k] / 64, 7);
    }
    tf.dispose([activations, grad]);
    model.dispose();
  });

  it('runs a model exported with a fixed batch of 1 one example at a time', async () => {
    const fixed = await loadOnnxModel(buildModel(fixedBatchClassifier()));
    const free = await loadOnnxModel(buildModel(classifier()));
    const x = nhwcBatch(3, 10);
    const [a, b] = [await fixed.predict(x), await free.predict(x)];
    expect(a.shape).toEqual([3, 5]);
    expect(maxAbsDiff(a.dataSync(), b.dataSync())).toBeLessThan(1e-6);
    const run = await (await fixed.split()).run(x);
    expect(run.activations.shape).toEqual([3, 4, 8, 8]);
    tf.dispose([x, a, b, run.logits, run.activations]);
    fixed.dispose();
    free.dispose();
  });

  it('takes an NHWC model as it is (no transpose) and still lists NCHW activations inside', async () => {
    const spec = classifier();
    spec.inputs = [{ name: 'image', dims: ['N', 8, 8, 3] }];
    spec.nodes.unshift({ op: 'Transpose', inputs: ['image'], outputs: ['input'], attrs: { perm: { ints: [0, 3, 1, 2] } } });
    const nhwc = await loadOnnxModel(buildModel(spec));
    const nchw = await loadOnnxModel(buildModel(classifier()));
    expect(nhwc.inputSpec.layout).toBe('NHWC');
    const x = nhwcBatch(2, 11);
    const [a, b] = [await nhwc.predict(x), await nchw.predict(x)];
    expect(maxAbsDiff(a.dataSync(), b.dataSync())).toBeLessThan(1e-6);
    expect(nhwc.defaultLayer()).toMatchObject({ name: 'relu', shape: [4, 8, 8] });
    tf.dispose([x, a, b]);
    nhwc.dispose();
    nchw.dispose();
  });

  it('gives the same logits with the forward in TF.js', async () => {
    const ort = await loadOnnxModel(buildModel(residual()));
    const tfjs = await loadOnnxModel(buildModel(residual()), { runtime: 'tfjs' });
    const x = tf.tensor4d(noise(2 * 6 * 6 * 3, 12), [2, 6, 6, 3]);
    const [a, b] = [await ort.predict(x), await tfjs.predict(x)];
    expect(maxAbsDiff(a.dataSync(), b.dataSync())).toBeLessThan(1e-5);
    tf.dispose([x, a, b]);
    ort.dispose();
    tfjs.dispose();
  });

  it('keeps the given labels and default layer', async () => {
    const labels = ['a', 'b', 'c', 'd', 'e'];
    const model = await loadOnnxModel(buildModel(classifier()), { labels, layer: 'conv' });
    expect(model.labels).toEqual(labels);
    expect(model.defaultLayer().name).toBe('conv');
    expect((await model.split()).layer.name).toBe('conv');
    model.dispose();
  });

  describe('from an http URL', () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      const bytes = buildModel(classifier());
      server = createServer((req, res) => {
        if (req.url === '/model.onnx') {
          res.writeHead(200, { 'content-type': 'application/octet-stream' });
          res.end(Buffer.from(bytes));
        } else {
          res.writeHead(404);
          res.end();
        }
      });
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((done) => server.close(() => done())));

    it('fetches and loads the model', async () => {
      const model = await loadOnnxModel(`${base}/model.onnx`);
      expect(model.source).toBe(`${base}/model.onnx`);
      const x = nhwcBatch(1, 13);
      const logits = await model.predict(x);
      expect(logits.shape).toEqual([1, 5]);
      tf.dispose([x, logits]);
      model.dispose();
    });

    it('reports a missing model as a UsageError with the HTTP status', async () => {
      await expect(loadOnnxModel(`${base}/missing.onnx`)).rejects.toThrow(/cannot fetch model .*missing\.onnx: HTTP 404/);
    });
  });
});
