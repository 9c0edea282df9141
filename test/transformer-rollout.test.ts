import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/attribution/random.js';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { UsageError } from '../src/errors.js';
import {
  attentionRolloutMatrix,
  attentionRolloutScores,
  discardLowest,
  gradientRolloutScores,
  tokenGradCamScores,
  type HeadFusion,
} from '../src/explainers/transformer/index.js';

type Matrix = number[][];

const identity = (t: number): Matrix => Array.from({ length: t }, (_, i) => Array.from({ length: t }, (_, j) => (i === j ? 1 : 0)));

function matMul(a: Matrix, b: Matrix): Matrix {
  return a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
}

/** The rollout as the paper writes it: full matrices, (A + I) / rowsum, multiplied first block to last. */
function naiveRollout(fused: Matrix[], prefixTokens: number): number[] {
  let r = identity(fused[0].length);
  for (const a of fused) {
    const m = a.map((row, i) => row.map((v, j) => v + (i === j ? 1 : 0)));
    const normalised = m.map((row) => row.map((v) => v / row.reduce((s, x) => s + x, 0)));
    r = matMul(normalised, r);
  }
  return r[0].slice(prefixTokens);
}

function naiveFuse(heads: Matrix[], fusion: HeadFusion): Matrix {
  const pick = { mean: (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length, max: (xs: number[]) => Math.max(...xs), min: (xs: number[]) => Math.min(...xs) }[fusion];
  return heads[0].map((row, i) => row.map((_, j) => pick(heads.map((h) => h[i][j]))));
}

/** A random row-stochastic attention matrix: the softmax of seeded scores. */
function randomAttention(t: number, rng: () => number): Matrix {
  return Array.from({ length: t }, () => {
    const e = Array.from({ length: t }, () => Math.exp(3 * rng()));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  });
}

/** Blocks of [heads][T][T] as the [1, heads, T, T] tensors a model gives. */
const asTensors = (blocks: Matrix[][]): tf.Tensor4D[] => blocks.map((heads) => tf.tensor4d([heads]));

function scoresOf(blocks: Matrix[][], prefixTokens: number, options = {}): number[] {
  const tensors = asTensors(blocks);
  const out = attentionRolloutScores(tensors, prefixTokens, options);
  const values = Array.from(out.dataSync());
  tf.dispose([...tensors, out]);
  return values;
}

describe('attention rollout on hand-made attention', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('identity attention keeps the class token on itself: every patch scores zero', () => {
    const t = 5;
    const blocks = [0, 1, 2].map(() => [identity(t), identity(t)]);
    scoresOf(blocks, 1).forEach((v) => expect(v).toBeCloseTo(0, 6));
  });

  it('uniform attention gives a uniform map over the patches', () => {
    const t = 5;
    const uniform = Array.from({ length: t }, () => Array(t).fill(1 / t));
    const scores = scoresOf([[uniform], [uniform]], 1);
    scores.forEach((v) => expect(v).toBeCloseTo(scores[0], 6));
    expect(scores[0]).toBeGreaterThan(0.1);
  });

  it('a class token attending only to patch k gives a map that is zero except at k (0.75 after two blocks)', () => {
    const t = 6;
    const k = 3;
    const attention = identity(t);
    attention[0] = attention[0].map((_, j) => (j === k ? 1 : 0));
    const scores = scoresOf([[attention], [attention]], 1);
    // Block 1: 0.5 e0 + 0.5 ek; block 2 maps e0 to 0.5 e0 + 0.5 ek and ek to ek: 0.25 e0 + 0.75 ek.
    scores.forEach((v, p) => expect(v).toBeCloseTo(p + 1 === k ? 0.75 : 0, 6));
  });

  it.each(['mean', 'max', 'min'] as const)('matches the full-matrix reference on random attention with %s head fusion', (fusion) => {
    const rng = mulberry32(7);
    const t = 7;
    const blocks = [0, 1, 2, 3].map(() => [0, 1, 2].map(() => randomAttention(t, rng)));
    const expected = naiveRollout(blocks.map((heads) => naiveFuse(heads, fusion)), 1);
    scoresOf(blocks, 1, { headFusion: fusion }).forEach((v, p) => expect(v).toBeCloseTo(expected[p], 5));
  });

  it('the full rollout matrix matches the reference product, and its class-token row is the map', () => {
    const rng = mulberry32(13);
    const t = 6;
    const blocks = [0, 1, 2].map(() => [randomAttention(t, rng), randomAttention(t, rng)]);
    const tensors = asTensors(blocks);
    const matrix = attentionRolloutMatrix(tensors);
    const rows = (matrix.arraySync() as number[][][])[0];
    let expected = identity(t);
    for (const heads of blocks) {
      const m = naiveFuse(heads, 'mean').map((row, i) => row.map((v, j) => (v + (i === j ? 1 : 0)) / 2));
      expected = matMul(m, expected);
    }
    rows.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i][j], 5)));
    scoresOf(blocks, 1).forEach((v, p) => expect(v).toBeCloseTo(rows[0][p + 1], 5));
    tf.dispose([...tensors, matrix]);
  });

  it('reads the patches after every prefix token (two prefix tokens leave T - 2 patches)', () => {
    const rng = mulberry32(3);
    const blocks = [[randomAttention(6, rng)], [randomAttention(6, rng)]];
    const expected = naiveRollout(blocks.map((heads) => heads[0]), 2);
    const scores = scoresOf(blocks, 2);
    expect(scores).toHaveLength(4);
    scores.forEach((v, p) => expect(v).toBeCloseTo(expected[p], 5));
  });

  it('with a discard ratio matches the reference fed the matrices with their weakest weights zeroed', () => {
    const rng = mulberry32(11);
    const t = 6;
    const blocks = [0, 1, 2].map(() => [randomAttention(t, rng), randomAttention(t, rng)]);
    const ratio = 0.6;
    const k = Math.floor(ratio * t * t);
    const discarded = blocks.map((heads) => {
      const fused = naiveFuse(heads, 'mean');
      const cutoff = fused.flat().sort((a, b) => a - b)[k];
      return fused.map((row, i) => row.map((v, j) => (v < cutoff && !(i === 0 && j === 0) ? 0 : v)));
    });
    const expected = naiveRollout(discarded, 1);
    const scores = scoresOf(blocks, 1, { discardRatio: ratio });
    scores.forEach((v, p) => expect(v).toBeCloseTo(expected[p], 5));
    expect(scores.some((v, p) => Math.abs(v - naiveRollout(blocks.map((h) => naiveFuse(h, 'mean')), 1)[p]) > 1e-3)).toBe(true);
  });
});

describe('discarding the weakest attention', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  const discard = (m: Matrix, ratio: number): number[] => {
    const x = tf.tensor3d([m]);
    const y = discardLowest(x, ratio);
    const out = Array.from(y.dataSync());
    tf.dispose([x, y]);
    return out;
  };

  it('zeroes exactly floor(ratio * T²) distinct weights, the smallest ones', () => {
    const t = 4;
    const m = Array.from({ length: t }, (_, i) => Array.from({ length: t }, (_, j) => 16 - (i * t + j))); // [0,0] largest
    const out = discard(m, 0.3); // k = floor(4.8) = 4
    expect(out.filter((v) => v === 0)).toHaveLength(4);
    expect(out.slice(12)).toEqual([0, 0, 0, 0]);
    expect(out.slice(0, 12)).toEqual(m.flat().slice(0, 12));
  });

  it('never discards the class token attending to itself, even when it is the weakest weight', () => {
    const m = [[0.01, 0.5, 0.49], [0.2, 0.3, 0.5], [0.3, 0.3, 0.4]];
    const out = discard(m, 0.5);
    expect(out[0]).toBeCloseTo(0.01, 7);
  });

  it('keeps weights tied at the cut-off: a uniform matrix is left whole', () => {
    const m = Array.from({ length: 3 }, () => [1 / 3, 1 / 3, 1 / 3]);
    discard(m, 0.9).forEach((v) => expect(v).toBeCloseTo(1 / 3, 7));
  });

  it('leaves the matrix unchanged at ratio 0 and rejects ratios outside [0, 1)', () => {
    const m = [[0.2, 0.8], [0.6, 0.4]];
    expect(discard(m, 0)).toEqual(m.flat().map((v) => Math.fround(v)));
    expect(() => discard(m, 1)).toThrow(UsageError);
    expect(() => discard(m, -0.1)).toThrow(/discard ratio must be in \[0, 1\); got -0.1/);
  });
});

describe('gradient-weighted rollout', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('with gradients of ones equals the plain rollout (mean fusion, nothing discarded) times 2^L', () => {
    const rng = mulberry32(5);
    const t = 5;
    const depth = 3;
    const blocks = Array.from({ length: depth }, () => [randomAttention(t, rng), randomAttention(t, rng)]);
    const plain = scoresOf(blocks, 1);
    const tensors = asTensors(blocks); // A ⊙ ∇A with ∇A = 1 is A itself
    const out = gradientRolloutScores(tensors, 1);
    const weighted = Array.from(out.dataSync());
    tf.dispose([...tensors, out]);
    weighted.forEach((v, p) => expect(v).toBeCloseTo(plain[p] * 2 ** depth, 5));
  });

  it('drops negative gradient-attention products before averaging the heads', () => {
    const positive = [[0, 0.6, 0], [0, 0, 0], [0, 0, 0]];
    const negative = [[0, -5, 0.4], [0, 0, 0], [0, 0, 0]];
    const x = tf.tensor4d([[positive, negative]]);
    const out = gradientRolloutScores([x], 1);
    // Ā row 0 = [0, 0.3, 0.2]; with the identity added, the class token's row is [1, 0.3, 0.2].
    expect(Array.from(out.dataSync()).map((v) => Number(v.toFixed(6)))).toEqual([0.3, 0.2]);
    tf.dispose([x, out]);
  });
});

describe('Grad-CAM on the token grid (scores)', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('weighs the patch tokens by the patch-mean gradient, ignoring the class token, and applies ReLU', () => {
    // One example, class token + 3 patches, width 2.
    const tokens = [[9, 9], [1, 2], [3, -1], [-2, 0]];
    const grads = [[100, -100], [1, 0], [2, 1], [0, -1]]; // patch mean: [1, 0]
    const a = tf.tensor3d([tokens]);
    const g = tf.tensor3d([grads]);
    const out = tokenGradCamScores(a, g, 1);
    expect(Array.from(out.dataSync())).toEqual([1, 3, 0]);
    tf.dispose([a, g, out]);
  });
});
