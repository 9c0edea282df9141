import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { UsageError } from '../src/errors.js';
import { buildVit, initVitWeights, resolveVitConfig, vitFromWeights, type VisionTransformer } from '../src/zoo/vit.js';
import { loadVisionTransformer, saveVisionTransformer, VIT_MANIFEST_FILE, VIT_WEIGHTS_FILE } from '../src/zoo/vit-files.js';
import { matMulPlainGradient } from '../src/zoo/plain-gradient-matmul.js';
import { flattenVitWeights, unflattenVitWeights, vitWeightSpecs } from '../src/zoo/vit-weights.js';

/** 32 px, patch 8: a 4x4 grid, 17 tokens. */
const SMALL = { inputSize: 32, patchSize: 8, depth: 2, heads: 2, width: 16, numClasses: 5, seed: 3 };
const PREPROCESS = { scale: 1 / 255, mean: [0.5, 0.5, 0.5] as [number, number, number], std: [0.25, 0.25, 0.25] as [number, number, number], resize: 'fill' as const };

function seededBatch(n: number, size: number, seed: number): tf.Tensor4D {
  let s = seed >>> 0;
  const data = Float32Array.from({ length: n * size * size * 3 }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return 2 * (s / 2 ** 32) - 1;
  });
  return tf.tensor4d(data, [n, size, size, 3]);
}

const maxAbs = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

beforeAll(async () => {
  await initBackend('wasm');
});

describe('the zoo ViT computes what the reference computes', () => {
  it('embeds patches exactly as a convolution with stride = patch does', () => {
    const c = resolveVitConfig(SMALL);
    const w = initVitWeights(c);
    const vit = vitFromWeights(c, w);
    const x = seededBatch(2, 32, 5);
    // Block 0's input with the position embeddings and class token taken off again is the patch embedding.
    const split = vit.tokenSplit(0);
    return split.run(x).then(({ logits, tokens }) => {
      const patches = tf.tidy(() => tf.sub(tf.slice(tokens, [0, 1, 0], [2, 16, 16]), tf.slice(w.positions, [0, 1, 0], [1, 16, 16])));
      const conv = tf.tidy(() => tf.reshape(tf.add(tf.conv2d(x, w.patchKernel, 8, 'valid'), w.patchBias), [2, 16, 16]));
      expect(maxAbs(patches, conv)).toBeLessThan(1e-5);
      tf.dispose([logits, tokens, patches, conv, x]);
      vit.dispose();
    });
  });

  it('multiplies like tf.matMul, forward and backward, in 2-D and batched 3-D', () => {
    for (const [aShape, bShape] of [[[5, 3], [3, 4]], [[2, 5, 3], [2, 3, 4]]] as const) {
      const a = tf.randomNormal([...aShape], 0, 1, 'float32', 1);
      const b = tf.randomNormal([...bShape], 0, 1, 'float32', 2);
      const weight = tf.randomNormal([...aShape.slice(0, -1), 4], 0, 1, 'float32', 3);
      const loss = (f: (x: tf.Tensor, y: tf.Tensor) => tf.Tensor) => (x: tf.Tensor, y: tf.Tensor): tf.Scalar => tf.sum(tf.mul(f(x, y), weight));
      const ours = tf.grads(loss(matMulPlainGradient))([a, b]);
      const theirs = tf.grads(loss((x, y) => tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D)))([a, b]);
      const values = [matMulPlainGradient(a, b), tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D)];
      expect(maxAbs(values[0], values[1])).toBeLessThan(1e-5);
      expect(maxAbs(ours[0], theirs[0])).toBeLessThan(1e-5);
      expect(maxAbs(ours[1], theirs[1])).toBeLessThan(1e-5);
      tf.dispose([a, b, weight, ...ours, ...theirs, ...values]);
    }
  });

  it('with a convolutional stem, tiles the image in the same patches: stride-2 convolutions down to the patch grid', async () => {
    const c = resolveVitConfig({ ...SMALL, convStem: [4, 6, 8] });
    const vit = vitFromWeights(c, initVitWeights(c));
    expect(vit.weights.stem.map((s) => s.kernel.shape)).toEqual([[3, 3, 3, 4], [3, 3, 4, 6], [3, 3, 6, 8]]);
    expect(vit.weights.patchKernel.shape).toEqual([1, 1, 8, 16]);
    const x = seededBatch(2, 32, 6);
    const { logits, attentions } = await vit.attentions(x);
    expect([logits.shape, attentions[0].shape]).toEqual([[2, 5], [2, 2, 17, 17]]);
    // A patch's token depends on the pixels of its own neighbourhood only: changing the last patch's pixels
    // (rows and columns 24..31) leaves the first patch's token (row 0, column 0) as it was.
    const changed = tf.tidy(() => tf.add(x, tf.pad(tf.ones([2, 8, 8, 3]), [[0, 0], [24, 0], [24, 0], [0, 0]])) as tf.Tensor4D);
    const [a, b] = await Promise.all([vit.tokenSplit(0).run(x), vit.tokenSplit(0).run(changed)]);
    expect(maxAbs(tf.slice(a.tokens, [0, 1, 0], [2, 1, 16]), tf.slice(b.tokens, [0, 1, 0], [2, 1, 16]))).toBe(0);
    expect(maxAbs(tf.slice(a.tokens, [0, 16, 0], [2, 1, 16]), tf.slice(b.tokens, [0, 16, 0], [2, 1, 16]))).toBeGreaterThan(1e-3);
    tf.dispose([logits, ...attentions, x, changed, a.logits, a.tokens, b.logits, b.tokens]);
    vit.dispose();
    expect(() => resolveVitConfig({ ...SMALL, convStem: [4, 6] })).toThrow(/a convStem of 2 stride-2 convolutions makes 4-pixel patches; patchSize is 8/);
    expect(() => resolveVitConfig({ ...SMALL, convStem: [4, 0, 8] })).toThrow(/convStem must be a list of channel counts/);
  });

  it('lists its weights in the order and shapes the file format names them', () => {
    for (const options of [SMALL, { ...SMALL, convStem: [4, 6, 8] }]) {
      const c = resolveVitConfig(options);
      const w = initVitWeights(c);
      const flat = flattenVitWeights(w);
      const specs = vitWeightSpecs(c);
      expect(flat.map((t) => t.shape)).toEqual(specs.map((s) => s.shape));
      expect(new Set(specs.map((s) => s.name)).size).toBe(specs.length);
      expect(flattenVitWeights(unflattenVitWeights(c, flat))).toEqual(flat);
      tf.dispose(flat);
    }
    const names = vitWeightSpecs(resolveVitConfig({ ...SMALL, convStem: [4, 6, 8] })).map((s) => s.name);
    expect(names.slice(0, 10)).toEqual([
      'stem0/kernel', 'stem0/bias', 'stem1/kernel', 'stem1/bias', 'stem2/kernel', 'stem2/bias',
      'patch_embed/kernel', 'patch_embed/bias', 'class_token', 'position_embedding',
    ]);
  });
});

describe('ViT weight directories', () => {
  let dir: string;
  let vit: VisionTransformer;
  let saved: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'litecam-vit-'));
    const c = resolveVitConfig({ ...SMALL, convStem: [4, 6, 8] });
    vit = vitFromWeights(c, initVitWeights(c), { labels: ['a', 'b', 'c', 'd', 'e'], preprocess: PREPROCESS });
    saved = join(dir, 'good');
    await saveVisionTransformer(vit, saved);
  });
  afterAll(async () => {
    vit.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips: the loaded model gives the same logits, labels and preprocessing', async () => {
    const loaded = await loadVisionTransformer(saved);
    const x = seededBatch(2, 32, 7);
    const [a, b] = [vit.predict(x), loaded.predict(x)];
    expect(maxAbs(a, b)).toBe(0);
    expect(loaded.labels).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(loaded.preprocess).toEqual(PREPROCESS);
    expect(loaded.config).toEqual(vit.config);
    tf.dispose([a, b, x]);
    loaded.dispose();
    const bytes = (await readFile(join(saved, VIT_WEIGHTS_FILE))).byteLength;
    expect(bytes).toBe(4 * vitWeightSpecs(vit.config).reduce((n, s) => n + s.shape.reduce((p, d) => p * d, 1), 0));
  });

  /** A copy of the good directory with the manifest (parsed JSON) and/or the weights edited. */
  async function variant(name: string, edit: { manifest?: (m: Record<string, unknown>) => unknown; weights?: (b: Buffer) => Buffer; rawManifest?: string }): Promise<string> {
    const target = join(dir, name);
    const manifest = JSON.parse(await readFile(join(saved, VIT_MANIFEST_FILE), 'utf8')) as Record<string, unknown>;
    const weights = await readFile(join(saved, VIT_WEIGHTS_FILE));
    await saveVisionTransformer(vit, target);
    await writeFile(join(target, VIT_MANIFEST_FILE), edit.rawManifest ?? JSON.stringify(edit.manifest ? edit.manifest(manifest) : manifest));
    await writeFile(join(target, VIT_WEIGHTS_FILE), edit.weights ? edit.weights(weights) : weights);
    return target;
  }

  const cases: Array<[string, Parameters<typeof variant>[1], RegExp]> = [
    ['not JSON', { rawManifest: '{"format": ' }, /vit\.json is not JSON/],
    ['wrong format tag', { manifest: (m) => ({ ...m, format: 'other/1' }) }, /expected "format": "litecam-vit\/1"/],
    ['a config that does not fit together', { manifest: (m) => ({ ...m, config: { ...(m.config as object), heads: 3 } }) }, /width must be a multiple of heads 3/],
    ['an unknown config option', { manifest: (m) => ({ ...m, config: { ...(m.config as object), layers: 2 } }) }, /unknown option\(s\) layers/],
    ['too few labels', { manifest: (m) => ({ ...m, labels: ['a'] }) }, /"labels" must be 5 strings/],
    ['a preprocessing with zero std', { manifest: (m) => ({ ...m, preprocess: { ...PREPROCESS, std: [0, 1, 1] } }) }, /"preprocess" needs mean and std/],
    ['a weight of the wrong shape', { manifest: (m) => ({ ...m, weights: (m.weights as Array<{ name: string; shape: number[] }>).map((w, i) => (i === 10 ? { ...w, shape: [15] } : w)) }) }, /weight 10 should be block0\/norm1\/gamma \[16\]/],
    ['a stem that does not reach the patch size', { manifest: (m) => ({ ...m, config: { ...(m.config as object), convStem: [4] } }) }, /a convStem of 1 stride-2 convolutions makes 2-pixel patches/],
    ['a missing weight', { manifest: (m) => ({ ...m, weights: (m.weights as unknown[]).slice(1) }) }, /needs \d+ weights; "weights" lists \d+/],
    ['a truncated weights file', { weights: (b) => b.subarray(0, b.byteLength - 4) }, /expected \d+ bytes .* got \d+/],
    ['a NaN weight', { weights: (b) => { const c = Buffer.from(b); c.writeFloatLE(Number.NaN, 40); return c; } }, /value 10 is NaN; weights must be finite/],
  ];
  for (const [what, edit, message] of cases) {
    it(`rejects ${what} with a one-line UsageError`, async () => {
      const before = tf.memory().numTensors;
      const path = await variant(what.replace(/\W+/g, '-'), edit);
      const error = await loadVisionTransformer(path).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('rejects a directory without a manifest, naming what it expected', async () => {
    const error = await loadVisionTransformer(join(dir, 'nowhere')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/cannot read .*vit\.json \(ENOENT\); expected a ViT directory \(vit\.json \+ weights\.bin\)/);
  });

  it('builds the seeded ViT and a loaded one from the same code path', () => {
    const built = buildVit(SMALL);
    expect(built.labels).toBeUndefined();
    expect(built.preprocess).toBeUndefined();
    expect(built.weights.blocks).toHaveLength(2);
    built.dispose();
  });
});
