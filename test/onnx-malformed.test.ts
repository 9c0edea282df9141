import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOnnxModel } from '../src/engines/onnx/index.js';
import { onnx } from '../src/engines/onnx/proto.js';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { UsageError } from '../src/errors.js';
import { buildModel, HAVE_SHARED, MODELS, type ModelSpec, noise } from './onnx-fixtures.js';

let dir: string;
beforeAll(async () => {
  await initBackend('wasm');
  dir = await mkdtemp(join(tmpdir(), 'litecam-onnx-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const image: ModelSpec = {
  inputs: [{ name: 'input', dims: ['N', 3, 4, 4] }],
  outputs: ['logits'],
  nodes: [
    { op: 'Relu', inputs: ['input'], outputs: ['r'] },
    { op: 'GlobalAveragePool', inputs: ['r'], outputs: ['g'] },
    { op: 'Flatten', inputs: ['g'], outputs: ['logits'] },
  ],
};

/** The error a promise rejects with; fails the test when it resolves. */
async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

/** A UsageError whose message is one line matching `pattern`. */
function expectUsage(e: Error, pattern: RegExp): void {
  expect(e).toBeInstanceOf(UsageError);
  expect(e.message).not.toContain('\n');
  expect(e.message).toMatch(pattern);
}

describe('malformed model files are one-line UsageErrors', () => {
  it('an empty byte array', async () => {
    expectUsage(await failure(loadOnnxModel(new Uint8Array(0))), /cannot load ONNX model <bytes>: the file is empty/);
  });

  it('an empty file', async () => {
    const path = join(dir, 'empty.onnx');
    await writeFile(path, '');
    expectUsage(await failure(loadOnnxModel(path)), /empty\.onnx: the file is empty/);
  });

  it('random bytes', async () => {
    const bytes = Uint8Array.from(noise(4096, 3, 128), (v) => Math.floor(v + 128));
    expectUsage(await failure(loadOnnxModel(bytes)), /cannot load ONNX model <bytes>: not a valid ONNX file/);
  });

  it('a truncated model', async () => {
    const bytes = buildModel({ ...image, initializers: { pad: { dims: [64], data: noise(64, 4) } } });
    expectUsage(await failure(loadOnnxModel(bytes.slice(0, Math.floor(bytes.length * 0.6)))), /cannot load ONNX model <bytes>/);
  });

  it.skipIf(!HAVE_SHARED)('a truncated real model (needs ../shared)', async () => {
    const path = join(dir, 'truncated.onnx');
    await writeFile(path, (await readFile(join(MODELS, 'mobilenetv2_imagenet.onnx'))).subarray(0, 1_000_000));
    expectUsage(await failure(loadOnnxModel(path)), /truncated\.onnx/);
  });

  it('a protobuf message without a graph', async () => {
    const bytes = onnx.ModelProto.encode({ irVersion: 7, producerName: 'nothing' }).finish();
    expectUsage(await failure(loadOnnxModel(bytes)), /no graph with nodes and outputs/);
  });

  it('a graph ONNX Runtime rejects (an op it does not know)', async () => {
    const bytes = buildModel({ ...image, nodes: [{ op: 'NoSuchOp', inputs: ['input'], outputs: ['logits'] }] });
    expectUsage(await failure(loadOnnxModel(bytes)), /cannot load ONNX model <bytes>: .*NoSuchOp/);
  });

  it('a path that does not exist, and a folder', async () => {
    expectUsage(await failure(loadOnnxModel(join(dir, 'nope.onnx'))), /model not found: .*nope\.onnx/);
    expectUsage(await failure(loadOnnxModel(dir)), /model path is not a file/);
  });
});

describe('bad options and inputs are one-line UsageErrors', () => {
  it('labels whose count differs from the classes', async () => {
    expectUsage(await failure(loadOnnxModel(buildModel(image), { labels: ['a', 'b'] })), /labels: got 2 names for model <bytes>, which has 3 classes/);
  });

  it('an unknown default layer, listing the spatial layers', async () => {
    expectUsage(await failure(loadOnnxModel(buildModel(image), { layer: 'conv9' })), /layer 'conv9' not found; spatial layers are: r \(3x4x4\)/);
  });

  it('an unknown layer asked of split()', async () => {
    const model = await loadOnnxModel(buildModel(image));
    expectUsage(await failure(model.split('conv9')), /layer 'conv9' not found; spatial layers are: r \(3x4x4\)$/);
    model.dispose();
  });

  it('an unknown runtime', async () => {
    expectUsage(await failure(loadOnnxModel(buildModel(image), { runtime: 'gpu' as 'ort' })), /runtime: expected 'ort' or 'tfjs', got 'gpu'/);
  });

  it('the TF.js runtime for a model with an op it cannot translate, naming the op and node', async () => {
    const bytes = buildModel({ ...image, nodes: [{ op: 'Celu', inputs: ['input'], outputs: ['r'] }, ...image.nodes.slice(1)] });
    expectUsage(await failure(loadOnnxModel(bytes, { runtime: 'tfjs' })), /op 'Celu' \(node 'Celu_0'\) has no TF\.js translation/);
  });

  it('a batch of the wrong size', async () => {
    const model = await loadOnnxModel(buildModel(image));
    const x = tf.zeros([1, 5, 5, 3]) as tf.Tensor4D;
    expectUsage(await failure(model.predict(x)), /expected an NHWC batch \[N, 4, 4, 3\], got \[1, 5, 5, 3\]/);
    x.dispose();
    model.dispose();
  });

  it('image use of a model whose input is not an image', async () => {
    const bytes = buildModel({
      inputs: [{ name: 'features', dims: ['N', 10] }],
      outputs: ['y'],
      nodes: [{ op: 'Gemm', inputs: ['features', 'w'], outputs: ['y'] }],
      initializers: { w: { dims: [10, 2], data: noise(20, 5) } },
    });
    const model = await loadOnnxModel(bytes);
    expect(model.numClasses).toBe(2);
    expectUsage(await failure(model.split()), /^model input is not an image: input 'features' is \[N, 10\]/);
    expectUsage(await failure(model.predict(tf.zeros([1, 4, 4, 3]) as tf.Tensor4D)), /model input is not an image/);
    const out = await model.predictRaw({ features: { data: new Float32Array(10).fill(1), dims: [1, 10] } });
    expect(out.y.dims).toEqual([1, 2]);
    model.dispose();
  });
});
