import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOnnxModel, type OnnxModel } from '../src/engines/onnx/index.js';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { fileSystemHandler } from '../src/engines/tfjs/file-io.js';
import { UsageError } from '../src/errors.js';
import { loadModel } from '../src/load.js';
import { cnnAdapter } from '../src/universal/adapters/cnn.js';
import { ADAPTERS } from '../src/universal/adapters/index.js';
import { detectArchitecture } from '../src/universal/detect.js';
import { buildZooModel, ZOO, ZOO_NAMES } from '../src/zoo/index.js';
import { RNN_ZOO } from '../src/zoo/rnn/index.js';
import { buildVit } from '../src/zoo/vit.js';
import { buildModel, HAVE_SHARED, MODELS, noise } from './onnx-fixtures.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The ViT family's adapter is registered in adapters/index.ts alongside these; its own tests cover it in depth. */
const HAVE_VISION_ADAPTER = ADAPTERS.some((a) => a.name === 'vision-transformer');

function usageErrorOf(action: () => unknown): UsageError {
  try {
    action();
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
  throw new Error('expected a UsageError, nothing was thrown');
}

beforeAll(async () => {
  await initBackend('wasm');
});

describe('detection on the zoo', () => {
  // 64 px is the smallest input at which every zoo network keeps a 2x2 map at its published target layer.
  it.each(ZOO_NAMES.map((n) => [n]))('%s is convolutional, with its conv layers and last spatial layer as evidence', (name) => {
    const model = buildZooModel(name, { inputSize: 64, numClasses: 3 });
    try {
      const d = detectArchitecture(model);
      expect(d.architecture).toBe('convolutional');
      expect(d.adapter.name).toBe('cnn');
      const convs = model.layers.filter((l) => /Conv2D$/.test(l.getClassName())).length;
      const layer = ZOO[name].defaultLayer;
      expect(d.evidence).toMatch(new RegExp(`^TF\\.js: ${convs} (Conv2D|DepthwiseConv2D)[/A-Za-z0-9]* layers, last spatial layer '${layer}' \\d+x\\d+ collapsed by (GlobalAveragePooling2D|Flatten)`));
    } finally {
      model.dispose();
    }
  });

  it.each(Object.keys(RNN_ZOO).map((n) => [n]))('%s is recurrent, naming its recurrent layers', (name) => {
    const model = RNN_ZOO[name as keyof typeof RNN_ZOO]({ steps: 12, features: 3, units: 4, outputs: 2 });
    try {
      const d = detectArchitecture(model);
      expect(d.architecture).toBe('recurrent');
      expect(d.evidence).toMatch(name === 'bilstm' ? /Bidirectional\(LSTM\) 'bilstm' \(4 units\) over \[12, 3\]/ : name === 'gru' ? /GRU 'gru'/ : /LSTM '/);
    } finally {
      model.dispose();
    }
  });

  it('the CNN adapter never takes the zoo ViT', () => {
    const vit = buildVit({ inputSize: 32, patchSize: 8, depth: 2, width: 16, heads: 2, numClasses: 3 });
    expect(cnnAdapter.detect(vit)).toBeNull();
    vit.dispose();
  });

  it.skipIf(!HAVE_VISION_ADAPTER)('the zoo ViT is a transformer', () => {
    const vit = buildVit({ inputSize: 32, patchSize: 8, depth: 2, width: 16, heads: 2, numClasses: 3 });
    expect(detectArchitecture(vit).architecture).toBe('transformer');
    vit.dispose();
  });
});

describe('detection on the shipped models', () => {
  it("the demo model is convolutional at 'last_conv' 8x8", async () => {
    const model = await loadModel(join(ROOT, 'models/demo/model/model.json'));
    expect(detectArchitecture(model).evidence).toBe("TF.js: 4 Conv2D layers, last spatial layer 'last_conv' 8x8 collapsed by GlobalAveragePooling2D 'gap'");
    model.dispose();
  });

  it('the planted-sequence LSTM is recurrent', async () => {
    const model = await tf.loadLayersModel(fileSystemHandler(join(ROOT, 'models/rnn/model/model.json')));
    expect(detectArchitecture(model)).toMatchObject({ architecture: 'recurrent', evidence: "TF.js: layer LSTM 'lstm' (16 units) over [30, 3] sequences" });
    model.dispose();
  });
});

describe('models it cannot classify fail with one line naming what was looked for', () => {
  it('a Dense-only MLP', () => {
    const mlp = tf.sequential({ layers: [tf.layers.dense({ inputShape: [8], units: 4 }), tf.layers.dense({ units: 2 })], name: 'mlp' });
    const e = usageErrorOf(() => detectArchitecture(mlp));
    expect(e.message).toMatch(/^cannot tell the architecture of model 'mlp': found no .*recurrent layers.* or spatial conv layers pooled into a classifier$/);
    expect(e.message).not.toContain('\n');
    mlp.dispose();
  });

  it('an ONNX graph of one MatMul', async () => {
    const bytes = buildModel({
      inputs: [{ name: 'x', dims: ['N', 4] }],
      outputs: ['y'],
      nodes: [{ op: 'MatMul', inputs: ['x', 'w'], outputs: ['y'] }],
      initializers: { w: { dims: [4, 3], data: noise(12) } },
    });
    const model = await loadOnnxModel(bytes);
    expect(() => detectArchitecture(model)).toThrow(/^cannot tell the architecture of <bytes>: found no .*recurrent layers or ops.* or spatial conv layers pooled into a classifier$/);
    model.dispose();
  });

  it('anything else, such as a plain object', () => {
    expect(usageErrorOf(() => detectArchitecture({})).message).toMatch(/^cannot tell the architecture of a model of type Object/);
  });
});

describe.skipIf(!HAVE_SHARED)('detection on the ONNX fixtures (needs ../shared)', () => {
  const expected: Array<[string, string, RegExp]> = [
    ['mobilenetv2_imagenet.onnx', 'convolutional', /^ONNX: 52 Conv ops, last spatial tensor '.+' 7x7 pooled by GlobalAveragePool/],
    ['mobilenetv2-12-int8.onnx', 'convolutional', /^ONNX: 52 QLinearConv ops, last spatial tensor '627_quantized' 7x7 pooled by QLinearGlobalAveragePool/],
    ['resnet18_random.onnx', 'convolutional', /^ONNX: 20 Conv ops, .* 7x7 pooled by GlobalAveragePool/],
    ['efficientnet_b0_random.onnx', 'convolutional', /^ONNX: 81 Conv ops, .* 7x7 pooled by GlobalAveragePool/],
    ['lstm_random.onnx', 'recurrent', /^ONNX: 2 LSTM ops over input 'input' \[batch, 50, 8\]$/],
  ];
  const loaded = new Map<string, OnnxModel>();
  afterAll(() => loaded.forEach((m) => m.dispose()));

  it.each(expected)('%s is %s', async (file, architecture, evidence) => {
    const model = await loadOnnxModel(join(MODELS, file));
    loaded.set(file, model);
    const d = detectArchitecture(model);
    expect(d.architecture).toBe(architecture);
    expect(d.evidence).toMatch(evidence);
  });

  it("the ONNX ViT's patch-embedding Conv is not taken for a CNN: its map becomes tokens for attention", async () => {
    const vit = await loadOnnxModel(join(MODELS, 'vit_tiny_random.onnx'));
    loaded.set('vit_tiny_random.onnx', vit);
    expect(cnnAdapter.detect(vit)).toBeNull();
    if (HAVE_VISION_ADAPTER) expect(detectArchitecture(vit).architecture).toBe('transformer');
  });
});
