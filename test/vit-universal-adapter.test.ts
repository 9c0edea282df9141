import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { UsageError } from '../src/errors.js';
import { attentionRollout } from '../src/explainers/transformer/index.js';
import { visionTransformerAdapter, VISION_TRANSFORMER_METHODS } from '../src/universal/adapters/vision-transformer.js';
import { explainUniversal } from '../src/universal/explain-universal.js';
import { buildVit, type VisionTransformer } from '../src/zoo/vit.js';
import { noise } from './onnx-fixtures.js';

/** 32 px, patch 8: a 4x4 grid. */
const SMALL = { inputSize: 32, patchSize: 8, depth: 2, heads: 2, width: 16, numClasses: 5, seed: 3 };

describe('the vision-transformer adapter on the zoo ViT', () => {
  let vit: VisionTransformer;
  const image = { kind: 'image' as const, data: Float32Array.from(noise(32 * 32 * 3, 9)) };
  beforeAll(async () => {
    await initBackend('wasm');
    vit = buildVit(SMALL);
  });
  afterAll(() => vit.dispose());

  it('says what it saw in a zoo ViT, and sees nothing in anything else, never throwing', () => {
    expect(visionTransformerAdapter.detect(vit)).toBe('zoo ViT: patch 8x8 -> 16 tokens + class token, 2 blocks of 2 heads, width 16');
    const cnn = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3 }),
        tf.layers.globalAveragePooling2d({}),
        tf.layers.dense({ units: 3 }),
      ],
    });
    const hostile = new Proxy({}, { get: () => { throw new Error('no'); } });
    for (const other of [cnn, null, undefined, 3, 'vit', {}, { config: { patchSize: 8 } }, hostile]) {
      expect(visionTransformerAdapter.detect(other)).toBeNull();
    }
    cnn.dispose();
  });

  it('explains with its default method a grid2d over the patch grid: the attention rollout of the predicted class', async () => {
    const result = await visionTransformerAdapter.explain(vit, image, {});
    expect(result.method).toBe(VISION_TRANSFORMER_METHODS[0]);
    expect(result.attribution.topology).toEqual({ kind: 'grid2d', width: 4, height: 4 });
    const batch = tf.tensor4d(image.data, [1, 32, 32, 3]);
    const direct = await attentionRollout(vit, batch, { topK: 1 });
    batch.dispose();
    expect(result.target).toBe(direct.maps[0][0].classIndex);
    expect(result.score).toBeCloseTo(direct.maps[0][0].logit, 5);
    expect(Array.from(result.attribution.values)).toEqual(Array.from(direct.maps[0][0].values));
    const logits = direct.logits;
    const z = Array.from(logits).reduce((s, l) => s + Math.exp(l), 0);
    expect(result.probability).toBeCloseTo(Math.exp(logits[result.target]) / z, 5);
    expect(result.runnerUpProbability).toBeLessThanOrEqual(result.probability!);
    expect(result.explainMs).toBeGreaterThan(0);
  });

  it('offers token Grad-CAM and gradient rollout for a chosen class, their maps non-negative and different', async () => {
    const before = tf.memory().numTensors;
    const maps = [];
    for (const method of ['token-gradcam', 'gradient-rollout']) {
      const result = await visionTransformerAdapter.explain(vit, image, { method, target: 2 });
      expect([result.method, result.target]).toEqual([method, 2]);
      expect(result.attribution.values.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
      maps.push(Array.from(result.attribution.values));
    }
    expect(maps[0]).not.toEqual(maps[1]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects what it cannot explain with one-line UsageErrors', async () => {
    const cases: Array<[Parameters<typeof visionTransformerAdapter.explain>, RegExp]> = [
      [[vit, { kind: 'text', text: 'a cat' }, {}], /explains image input, not text/],
      [[vit, { kind: 'image', data: new Float32Array(10) }, {}], /expected 32x32x3 = 3072 NHWC values; got 10/],
      [[vit, image, { target: 5 }], /target must be a class index in 0\.\.4; got 5/],
      [[vit, image, { method: 'gradcam' }], /unknown method 'gradcam'; choose attention-rollout, gradient-rollout, token-gradcam/],
      [[{}, image, {}], /not a zoo ViT or a ViT-style ONNX graph/],
    ];
    for (const [args, message] of cases) {
      const error = await visionTransformerAdapter.explain(...args).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('goes through the universal explainer: detected as a transformer, simplified into regions', async () => {
    const explanation = await explainUniversal(vit, image);
    expect([explanation.architecture, explanation.adapter, explanation.method]).toEqual(['transformer', 'vision-transformer', VISION_TRANSFORMER_METHODS[0]]);
    expect(explanation.attribution.topology).toEqual({ kind: 'grid2d', width: 4, height: 4 });
    expect(Math.max(...explanation.attribution.values)).toBeCloseTo(1, 6);
  });
});
