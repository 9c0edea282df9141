/**
 * ViT-style ONNX graphs through the ONNX engine: a two-block ViT built here in memory (no ../shared needed)
 * in three attention layouts, and torchvision's exported ViT from ../shared when it is there.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOnnx } from '../src/engines/onnx/graph.js';
import { loadOnnxModel } from '../src/engines/onnx/index.js';
import { decodeModel, encodeModel } from '../src/engines/onnx/proto.js';
import { loadOnnxVisionTransformer, selfAttentionSoftmaxes, type OnnxVisionTransformer } from '../src/engines/onnx/transformer/index.js';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { UsageError } from '../src/errors.js';
import { attentionRollout, gradientRollout, tokenGradCam } from '../src/explainers/transformer/index.js';
import { prepareImage } from '../src/image/prepare.js';
import { cnnAdapter } from '../src/universal/adapters/cnn.js';
import { visionTransformerAdapter } from '../src/universal/adapters/vision-transformer.js';
import { buildModel, HAVE_SHARED, IMAGES, type Init, MODELS, type ModelSpec, noise, type NodeSpec } from './onnx-fixtures.js';

const float = (dims: number[], seed: number, scale = 1): Init => ({ dims, data: noise(dims.reduce((a, b) => a * b, 1), seed, scale) });
const ints = (values: number[]): Init => ({ dims: [values.length], data: values, type: 'int64' });

/**
 * How the tiny ViT lays out its attention: [N, heads, T, T] ('split'), heads folded into the batch axis
 * example by example as PyTorch's MultiheadAttention does ('folded', [N * heads, T, T]), or head by head
 * ('head-major', [heads * N, T, T]), which the engine cannot unfold with a reshape and must refuse.
 */
type AttentionLayout = 'split' | 'folded' | 'head-major';

/** Width 4, 2 heads of 2, 8x8 images in 4x4 patches (a 2x2 grid): T = 5 tokens with the class token. */
function tinyVit(layout: AttentionLayout): Uint8Array {
  const nodes: NodeSpec[] = [
    { op: 'Conv', inputs: ['X', 'Wp', 'Bp'], outputs: ['p'], attrs: { kernel_shape: { ints: [4, 4] }, strides: { ints: [4, 4] } } },
    { op: 'Reshape', inputs: ['p', 'toTokens'], outputs: ['pr'] },
    { op: 'Transpose', inputs: ['pr'], outputs: ['tok'], attrs: { perm: { ints: [0, 2, 1] } } },
    { op: 'Shape', inputs: ['tok'], outputs: ['ts'] },
    { op: 'Slice', inputs: ['ts', 'zero', 'one'], outputs: ['n'] },
    { op: 'Concat', inputs: ['n', 'oneByWidth'], outputs: ['clsShape'], attrs: { axis: { i: 0 } } },
    { op: 'Expand', inputs: ['cls', 'clsShape'], outputs: ['clsN'] },
    { op: 'Concat', inputs: ['clsN', 'tok'], outputs: ['joined'], attrs: { axis: { i: 1 } } },
    { op: 'Add', inputs: ['joined', 'pos'], outputs: ['x0'] },
  ];
  const initializers: ModelSpec['initializers'] = {
    Wp: float([4, 3, 4, 4], 1, 0.3), Bp: float([4], 2, 0.1), cls: float([1, 1, 4], 3), pos: float([1, 5, 4], 4, 0.5),
    toTokens: ints([0, 4, -1]), zero: ints([0]), one: ints([1]), oneByWidth: ints([1, 4]),
    heads: ints([0, 0, 2, 2]), merge: ints([0, 0, 4]), scale: { dims: [], data: [Math.SQRT2] },
    Wh: float([3, 4], 90), Bh: float([3], 91, 0.1), cut: { dims: [], data: [0], type: 'int64' },
    ...(layout === 'split' ? {} : { folded: ints([-1, 5, 2]), foldedT: ints([-1, 2, 5]) }),
    ...(layout === 'folded' ? { unfold: ints([-1, 2, 5, 2]) } : {}),
    ...(layout === 'head-major' ? { unfoldHeadMajor: ints([2, -1, 5, 2]) } : {}),
  };
  for (const b of [0, 1]) {
    const x = `x${b}`;
    const v = (name: string): string => `${name}${b}`;
    Object.assign(initializers, {
      [v('Wq')]: float([4, 4], 10 + b, 1.5), [v('Wk')]: float([4, 4], 20 + b, 1.5), [v('Wv')]: float([4, 4], 30 + b),
      [v('Wo')]: float([4, 4], 40 + b, 0.5), [v('W1')]: float([4, 8], 50 + b), [v('W2')]: float([8, 4], 60 + b, 0.5),
    });
    for (const part of ['q', 'k', 'v']) {
      nodes.push({ op: 'MatMul', inputs: [x, v(`W${part}`)], outputs: [v(part)] });
      nodes.push({ op: 'Reshape', inputs: [v(part), 'heads'], outputs: [v(`${part}h`)] });
      // [N, heads, T, 2] for q and v, [N, heads, 2, T] for k (transposed for the product).
      nodes.push({ op: 'Transpose', inputs: [v(`${part}h`)], outputs: [v(`${part}t`)], attrs: { perm: { ints: part === 'k' ? [0, 2, 3, 1] : [0, 2, 1, 3] } } });
      if (layout === 'split') continue;
      const source = layout === 'head-major' ? v(`${part}m`) : v(`${part}t`);
      if (layout === 'head-major') nodes.push({ op: 'Transpose', inputs: [v(`${part}t`)], outputs: [source], attrs: { perm: { ints: [1, 0, 2, 3] } } });
      nodes.push({ op: 'Reshape', inputs: [source, part === 'k' ? 'foldedT' : 'folded'], outputs: [v(`${part}f`)] });
    }
    const operand = (part: string): string => v(layout === 'split' ? `${part}t` : `${part}f`);
    nodes.push(
      { op: 'MatMul', inputs: [operand('q'), operand('k')], outputs: [v('s')] },
      { op: 'Div', inputs: [v('s'), 'scale'], outputs: [v('sd')] },
      { op: 'Softmax', inputs: [v('sd')], outputs: [v('a')], attrs: { axis: { i: -1 } } },
      { op: 'MatMul', inputs: [v('a'), operand('v')], outputs: [v('o')] },
    );
    let heads4 = v('o');
    if (layout === 'folded') nodes.push({ op: 'Reshape', inputs: [v('o'), 'unfold'], outputs: [(heads4 = v('o4'))] });
    if (layout === 'head-major') {
      nodes.push({ op: 'Reshape', inputs: [v('o'), 'unfoldHeadMajor'], outputs: [v('o4m')] });
      nodes.push({ op: 'Transpose', inputs: [v('o4m')], outputs: [(heads4 = v('o4'))], attrs: { perm: { ints: [1, 0, 2, 3] } } });
    }
    nodes.push(
      { op: 'Transpose', inputs: [heads4], outputs: [v('ot')], attrs: { perm: { ints: [0, 2, 1, 3] } } },
      { op: 'Reshape', inputs: [v('ot'), 'merge'], outputs: [v('om')] },
      { op: 'MatMul', inputs: [v('om'), v('Wo')], outputs: [v('proj')] },
      { op: 'Add', inputs: [x, v('proj')], outputs: [v('y')] },
      { op: 'MatMul', inputs: [v('y'), v('W1')], outputs: [v('h')] },
      { op: 'Tanh', inputs: [v('h')], outputs: [v('ht')] },
      { op: 'MatMul', inputs: [v('ht'), v('W2')], outputs: [v('m')] },
      { op: 'Add', inputs: [v('y'), v('m')], outputs: [`x${b + 1}`] },
    );
  }
  nodes.push(
    { op: 'Gather', inputs: ['x2', 'cut'], outputs: ['c'], attrs: { axis: { i: 1 } } },
    { op: 'Gemm', inputs: ['c', 'Wh', 'Bh'], outputs: ['Y'], attrs: { transB: { i: 1 } } },
  );
  return buildModel({ inputs: [{ name: 'X', dims: ['N', 3, 8, 8] }], outputs: ['Y'], nodes, initializers });
}

/** A tiny CNN: Conv, ReLU, global pooling, a linear head and a Softmax over the classes. */
function tinyCnn(): Uint8Array {
  return buildModel({
    inputs: [{ name: 'X', dims: ['N', 3, 8, 8] }],
    outputs: ['Y'],
    nodes: [
      { op: 'Conv', inputs: ['X', 'W'], outputs: ['c'], attrs: { kernel_shape: { ints: [3, 3] }, pads: { ints: [1, 1, 1, 1] } } },
      { op: 'Relu', inputs: ['c'], outputs: ['r'] },
      { op: 'GlobalAveragePool', inputs: ['r'], outputs: ['g'] },
      { op: 'Flatten', inputs: ['g'], outputs: ['f'] },
      { op: 'Gemm', inputs: ['f', 'Wh'], outputs: ['l'], attrs: { transB: { i: 1 } } },
      { op: 'Softmax', inputs: ['l'], outputs: ['Y'], attrs: { axis: { i: -1 } } },
    ],
    initializers: { W: float([4, 3, 3, 3], 7), Wh: float([3, 4], 8) },
  });
}

function seededImages(n: number, side: number, seed: number): tf.Tensor4D {
  return tf.tensor4d(noise(n * side * side * 3, seed), [n, side, side, 3]);
}

const maxAbs = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

/** d/de score(x + e * direction) at e = 0 by central differences, in float64 arithmetic on float32 evaluations. */
function centralDifference(score: (e: number) => number, eps: number): number {
  return (score(eps) - score(-eps)) / (2 * eps);
}

beforeAll(async () => {
  await initBackend('wasm');
});

describe('a tiny ViT built in memory', () => {
  const models = new Map<AttentionLayout, OnnxVisionTransformer>();
  let images: tf.Tensor4D;
  beforeAll(async () => {
    images = seededImages(3, 8, 5);
    for (const layout of ['split', 'folded'] as const) models.set(layout, await loadOnnxVisionTransformer(tinyVit(layout)));
  });
  afterAll(() => {
    images.dispose();
    for (const m of models.values()) m.dispose();
  });

  it('is recognised from its shapes: patch grid, class token, blocks, heads, and the token stream entering each block', () => {
    for (const m of models.values()) {
      expect(m.describe()).toBe('ONNX graph: patch Conv 4x4 -> 4 tokens + class token, 2 Softmax attentions of 2 heads');
      expect([m.patchGrid, m.prefixTokens, m.depth, m.heads, m.numClasses]).toEqual([{ width: 2, height: 2 }, 1, 2, 2, 3]);
      expect(m.layout.blocks.map((b) => b.input)).toEqual(['x0', 'x1']);
      expect(m.inputSpec).toMatchObject({ height: 8, width: 8, channels: 3, layout: 'NCHW', preprocess: { mean: [0.485, 0.456, 0.406] } });
    }
    expect(models.get('split')!.layout.blocks[0].attentionDims).toEqual([1, 2, 5, 5]);
    expect(models.get('folded')!.layout.blocks[0].attentionDims).toEqual([2, 5, 5]);
  });

  for (const layout of ['split', 'folded'] as const) {
    it(`${layout} heads: [N, heads, T, T] row-stochastic attention, the same in both layouts, with ONNX Runtime's logits`, async () => {
      const m = models.get(layout)!;
      const { logits, attentions } = await m.attentions(images);
      const other = await models.get(layout === 'split' ? 'folded' : 'split')!.attentions(images);
      expect(attentions.map((a) => a.shape)).toEqual([[3, 2, 5, 5], [3, 2, 5, 5]]);
      const rowSums = tf.sum(attentions[1], -1);
      expect(maxAbs(rowSums, tf.onesLike(rowSums))).toBeLessThan(1e-5);
      expect(maxAbs(attentions[0], other.attentions[0])).toBeLessThan(1e-5);
      expect(maxAbs(logits, other.logits)).toBeLessThan(1e-5);
      // Not a uniform attention: the test can tell heads and examples apart.
      expect(tf.max(attentions[0]).dataSync()[0]).toBeGreaterThan(0.4);
      tf.dispose([logits, ...attentions, rowSums, other.logits, ...other.attentions]);
    });

    it(`${layout} heads: the TF.js translation, gated by ones, and every token cut reproduce ONNX Runtime's logits`, async () => {
      const m = models.get(layout)!;
      const ort = await m.logits(images);
      const translated = m.predict(images);
      expect(maxAbs(ort, translated)).toBeLessThan(1e-4);
      for (const block of [0, 1]) {
        const split = m.tokenSplit(block);
        const { logits, tokens } = await split.run(images);
        expect(tokens.shape).toEqual([3, 5, 4]);
        const again = split.head(tokens);
        expect(maxAbs(logits, ort)).toBeLessThan(1e-5);
        expect(maxAbs(again, ort)).toBeLessThan(1e-4);
        tf.dispose([logits, tokens, again]);
      }
      tf.dispose([ort, translated]);
    });
  }

  it('the gate gradient is the directional derivative of the logit (central difference)', () => {
    const m = models.get('folded')!;
    const target = 2;
    const score = (block: number) => (e: number): number => tf.tidy(() => {
      const gates = [0, 1].map((b) => tf.fill([3, 2, 5, 5], b === block ? 1 + e : 1) as tf.Tensor4D);
      return tf.sum(tf.slice(m.gatedLogits(images, gates), [0, target], [-1, 1])).dataSync()[0];
    });
    const analytic = tf.tidy(() => {
      const gates = [0, 1].map(() => tf.ones([3, 2, 5, 5]) as tf.Tensor4D);
      const grads = tf.grads((...g: tf.Tensor[]) => tf.sum(tf.slice(m.gatedLogits(images, g as tf.Tensor4D[]), [0, target], [-1, 1])))(gates);
      return grads.map((g) => tf.sum(g).dataSync()[0]);
    });
    for (const block of [0, 1]) {
      expect(Math.abs(analytic[block])).toBeGreaterThan(1e-3);
      expect(analytic[block]).toBeCloseTo(centralDifference(score(block), 1e-2), 2);
    }
  });

  it("token Grad-CAM's head gradient is the directional derivative of the logit (central difference)", async () => {
    const split = models.get('split')!.tokenSplit();
    const { logits, tokens } = await split.run(images);
    const direction = tf.tensor3d(noise(3 * 5 * 4, 17), [3, 5, 4]);
    const target = 1;
    const score = (x: tf.Tensor3D): tf.Scalar => tf.sum(tf.slice(split.head(x), [0, target], [-1, 1]));
    const analytic = tf.tidy(() => tf.sum(tf.mul(tf.grad((x: tf.Tensor) => score(x as tf.Tensor3D))(tokens), direction)).dataSync()[0]);
    const along = (e: number): number => tf.tidy(() => score(tf.add(tokens, tf.mul(direction, e)) as tf.Tensor3D).dataSync()[0]);
    expect(Math.abs(analytic)).toBeGreaterThan(1e-2);
    expect(analytic).toBeCloseTo(centralDifference(along, 1e-2), 2);
    tf.dispose([logits, tokens, direction]);
  });

  it('attention rollout, token Grad-CAM and gradient rollout give finite non-negative 2x2 maps, leaking nothing', async () => {
    const m = models.get('folded')!;
    const targets = { classes: [[0], [1], [2]] };
    const before = tf.memory().numTensors;
    const results = [await attentionRollout(m, images, targets), await tokenGradCam(m.tokenSplit(), images, targets), await gradientRollout(m, images, targets)];
    expect(tf.memory().numTensors).toBe(before);
    for (const r of results) {
      for (const [map] of r.maps) {
        expect([map.width, map.height, map.values.length]).toEqual([2, 2, 4]);
        expect(map.values.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
      }
    }
    const rollout = results[0].maps;
    expect(Array.from(rollout[0][0].values)).not.toEqual(Array.from(rollout[1][0].values));
  });

  it('refuses attention whose heads are not held together per example, and graphs that are not ViTs', async () => {
    await expect(loadOnnxVisionTransformer(tinyVit('head-major'))).rejects.toThrow(/does not hold each example's heads together/);
    await expect(loadOnnxVisionTransformer(tinyCnn())).rejects.toThrow(/is not a Vision Transformer: no self-attention/);
    await expect(loadOnnxVisionTransformer(tinyCnn())).rejects.toBeInstanceOf(UsageError);
    expect(selfAttentionSoftmaxes(parseOnnx(tinyCnn(), 'cnn'))).toEqual([]);
    expect(selfAttentionSoftmaxes(parseOnnx(tinyVit('split'), 'vit')).map((n) => n.outputs[0])).toEqual(['a0', 'a1']);
  });

  it('rejects block indices outside the model and batches of the wrong size', async () => {
    const m = models.get('split')!;
    expect(() => m.tokenSplit(2)).toThrow(/block must be an integer in \[0, 1\]; got 2/);
    const wrong = tf.zeros([1, 16, 16, 3]) as tf.Tensor4D;
    await expect(m.attentions(wrong)).rejects.toThrow(/expected an NHWC batch \[N, 8, 8, 3\], got \[1, 16, 16, 3\]/);
    wrong.dispose();
  });
});

describe('the vision-transformer adapter on ONNX graphs', () => {
  const bytes = tinyVit('folded');
  const image = { kind: 'image' as const, data: Float32Array.from(noise(8 * 8 * 3, 31)) };

  it('takes a loaded ONNX ViT, and the image engine\'s OnnxModel of the same file, for transformers; the CNN adapter takes neither', async () => {
    const vit = await loadOnnxVisionTransformer(bytes);
    const engine = await loadOnnxModel(bytes);
    try {
      expect(visionTransformerAdapter.detect(vit)).toBe(vit.describe());
      expect(visionTransformerAdapter.detect(engine)).toBe('ONNX graph: patch Conv 4x4 -> 2x2 patches, 2 Softmax attentions over query x key products');
      expect(cnnAdapter.detect(vit)).toBeNull();
      expect(cnnAdapter.detect(engine)).toBeNull();
      const cnn = await loadOnnxModel(tinyCnn());
      expect(visionTransformerAdapter.detect(cnn)).toBeNull();
      cnn.dispose();
    } finally {
      vit.dispose();
      engine.dispose();
    }
  });

  it('explains both the same way: attention rollout of the predicted class on the 2x2 patch grid', async () => {
    const vit = await loadOnnxVisionTransformer(bytes);
    const engine = await loadOnnxModel(bytes);
    try {
      const [a, b] = [await visionTransformerAdapter.explain(vit, image, {}), await visionTransformerAdapter.explain(engine, image, {})];
      expect(a.attribution.topology).toEqual({ kind: 'grid2d', width: 2, height: 2 });
      expect([a.method, a.target]).toEqual([b.method, b.target]);
      expect(Array.from(a.attribution.values)).toEqual(Array.from(b.attribution.values));
      expect(a.probability).toBeGreaterThan(1 / 3);
      const gradient = await visionTransformerAdapter.explain(engine, image, { method: 'gradient-rollout', target: 0 });
      expect(gradient.attribution.values.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
    } finally {
      vit.dispose();
      engine.dispose();
    }
  });
});

/** The model's bytes with one initializer's values replaced (the file itself is not touched). */
function withInitializer(bytes: Uint8Array, name: string, values: number[]): Uint8Array {
  const model = decodeModel(bytes, 'test');
  const init = model.graph!.initializer!.find((t) => t.name === name)!;
  init.rawData = new Uint8Array(Float32Array.from(values).buffer);
  init.floatData = [];
  return encodeModel(model);
}

if (!HAVE_SHARED) console.warn('skipped the real ONNX ViT tests: ../shared/models is absent');

describe.skipIf(!HAVE_SHARED)("torchvision's ViT exported to ONNX (needs ../shared)", () => {
  const file = join(MODELS, 'vit_tiny_random.onnx');
  let vit: OnnxVisionTransformer;
  let images: tf.Tensor4D;
  beforeAll(async () => {
    // torchvision initialises the classifier to zeros (so every logit is 0 and every gradient through it
    // too); seeded weights in its place give the gradient checks something to check.
    vit = await loadOnnxVisionTransformer(withInitializer(new Uint8Array(readFileSync(file)), 'heads.head.weight', noise(1000 * 192, 3, 0.1)));
    const data = await Promise.all(['chelsea.png', 'coffee.png'].map(async (name) => (await prepareImage(join(IMAGES, name), vit.inputSpec)).input.data));
    images = tf.tensor4d(Float32Array.from([...data[0], ...data[1]]), [2, 224, 224, 3]);
  }, 60_000);
  afterAll(() => {
    images?.dispose();
    vit?.dispose();
  });

  it('is recognised: 16x16 patches on a 14x14 grid, a class token, 4 blocks of 3 heads, ImageNet preprocessing', async () => {
    const plain = await loadOnnxVisionTransformer(file);
    expect(plain.describe()).toBe('ONNX graph: patch Conv 16x16 -> 196 tokens + class token, 4 Softmax attentions of 3 heads');
    expect(plain.layout.blocks.map((b) => b.input)).toEqual([
      '/encoder/Add_output_0',
      '/encoder/layers/encoder_layer_0/Add_1_output_0',
      '/encoder/layers/encoder_layer_1/Add_1_output_0',
      '/encoder/layers/encoder_layer_2/Add_1_output_0',
    ]);
    expect(plain.layout.blocks[0].attentionDims).toEqual([3, 197, 197]);
    expect(plain.inputSpec.preprocess).toMatchObject({ mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] });
    expect(plain.numClasses).toBe(1000);
    plain.dispose();
  }, 60_000);

  it('attention rollout: finite 14x14 maps whose patch mass is below one (the class token keeps the rest), different per image', async () => {
    const result = await attentionRollout(vit, images, { topK: 1 });
    const [a, b] = result.maps.map((ms) => ms[0]);
    for (const map of [a, b]) {
      expect([map.width, map.height, map.values.length]).toEqual([14, 14, 196]);
      expect(map.values.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
      const mass = map.values.reduce((s, v) => s + v, 0);
      expect(mass).toBeGreaterThan(0.05);
      expect(mass).toBeLessThan(1);
    }
    const largest = a.values.reduce((m, v, i) => Math.max(m, Math.abs(v - b.values[i])), 0);
    expect(largest).toBeGreaterThan(1e-4);
  }, 60_000);

  it('the TF.js translation gives ONNX Runtime\'s logits (1e-3)', async () => {
    const ort = await vit.logits(images);
    const translated = vit.predict(images);
    expect(tf.max(tf.abs(ort)).dataSync()[0]).toBeGreaterThan(0.1);
    expect(maxAbs(ort, translated)).toBeLessThan(1e-3);
    tf.dispose([ort, translated]);
  }, 60_000);

  it("token Grad-CAM's head gradient equals a central difference, and its map is a non-zero 14x14 grid", async () => {
    const split = vit.tokenSplit();
    const { logits, tokens } = await split.run(tf.slice(images, [0], [1]));
    const target = tf.argMax(logits, 1).dataSync()[0];
    const direction = tf.tensor3d(noise(197 * 192, 23), [1, 197, 192]);
    const score = (x: tf.Tensor3D): tf.Scalar => tf.sum(tf.slice(split.head(x), [0, target], [-1, 1]));
    const analytic = tf.tidy(() => tf.sum(tf.mul(tf.grad((x: tf.Tensor) => score(x as tf.Tensor3D))(tokens), direction)).dataSync()[0]);
    const along = (e: number): number => tf.tidy(() => score(tf.add(tokens, tf.mul(direction, e)) as tf.Tensor3D).dataSync()[0]);
    expect(Math.abs(analytic)).toBeGreaterThan(1e-2);
    expect(analytic).toBeCloseTo(centralDifference(along, 1e-2), 2);
    tf.dispose([logits, tokens, direction]);
    const cam = await tokenGradCam(split, images, { topK: 1 });
    expect(cam.maps[0][0].values.length).toBe(196);
    expect(Math.max(...cam.maps[0][0].values)).toBeGreaterThan(0);
  }, 60_000);
});
