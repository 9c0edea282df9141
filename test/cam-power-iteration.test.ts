import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/attribution/random.js';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { firstRightSingularVectors } from '../src/explainers/cam/power-iteration.js';
import { firstComponentProjection } from '../src/explainers/cam/principal-projection.js';

/** Eigenvalues and eigenvectors (columns) of a symmetric matrix by cyclic Jacobi rotations, in float64. */
function jacobiEigen(s: number[][]): { values: number[]; vectors: number[][] } {
  const n = s.length;
  const a = s.map((row) => [...row]);
  const v = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j): number => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p][q] ** 2;
    if (off < 1e-24) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p][q]) < 1e-300) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const sn = t * c;
        for (let k = 0; k < n; k++) {
          const [akp, akq] = [a[k][p], a[k][q]];
          a[k][p] = c * akp - sn * akq;
          a[k][q] = sn * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const [apk, aqk] = [a[p][k], a[q][k]];
          a[p][k] = c * apk - sn * aqk;
          a[q][k] = sn * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const [vkp, vkq] = [v[k][p], v[k][q]];
          v[k][p] = c * vkp - sn * vkq;
          v[k][q] = sn * vkp + c * vkq;
        }
      }
    }
  }
  return { values: a.map((row, i) => row[i]), vectors: v };
}

/** The first right singular vector of X [R][C] and the two largest singular values, naively: from X^T X. */
function naiveFirstRightSingular(x: number[][]): { vector: number[]; sigma: number; sigma2: number } {
  const c = x[0].length;
  const gram = Array.from({ length: c }, (_, i) => Array.from({ length: c }, (_, j) => x.reduce((s, row) => s + row[i] * row[j], 0)));
  const { values, vectors } = jacobiEigen(gram);
  const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a]);
  return { vector: vectors.map((row) => row[order[0]]), sigma: Math.sqrt(values[order[0]]), sigma2: Math.sqrt(Math.max(0, values[order[1]])) };
}

function randomMatrices(m: number, r: number, c: number, seed: number): number[][][] {
  const rng = mulberry32(seed);
  return Array.from({ length: m }, () => Array.from({ length: r }, () => Array.from({ length: c }, () => rng() * 2 - 1)));
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, i) => s + v * b[i], 0);

describe('power iteration for the first right singular vector', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it.each([
    [3, 12, 5, 1],
    [3, 5, 12, 2],
    [2, 30, 8, 3],
    [4, 9, 9, 4],
  ])('agrees with a Jacobi SVD on %i random %ix%i matrices (seed %i)', (m, r, c, seed) => {
    const xs = randomMatrices(m, r, c, seed);
    const v = tf.tidy(() => firstRightSingularVectors(tf.tensor3d(xs.flat(2), [m, r, c])).arraySync());
    let separated = 0;
    xs.forEach((x, i) => {
      const ref = naiveFirstRightSingular(x);
      const captured = Math.hypot(...x.map((row) => dot(row, v[i])));
      expect(captured).toBeLessThanOrEqual(ref.sigma * (1 + 1e-5));
      // The vector is defined only where the top singular value stands apart; within a near-tie any unit
      // vector of the tied directions captures at least the second singular value.
      if ((ref.sigma2 / ref.sigma) ** 2 < 0.95) {
        expect(Math.abs(dot(v[i], ref.vector))).toBeGreaterThan(1 - 1e-5);
        expect(captured).toBeGreaterThan(ref.sigma * (1 - 1e-5));
        separated++;
      } else {
        expect(captured).toBeGreaterThan(ref.sigma2 * (1 - 1e-5));
      }
      expect(Math.hypot(...v[i])).toBeCloseTo(1, 5);
    });
    expect(separated).toBeGreaterThan(0);
  });

  it('on a near-tie (sigma2 / sigma1 = 0.999) still captures the top singular value', () => {
    // diag(1, 0.999, 0.5) rotated: the two top directions are almost interchangeable.
    const x = [
      [1, 0, 0],
      [0, 0.999, 0],
      [0, 0, 0.5],
    ];
    const v = tf.tidy(() => firstRightSingularVectors(tf.tensor3d(x.flat(), [1, 3, 3])).dataSync());
    expect(Math.abs(v[2])).toBeLessThan(1e-3);
    expect(Math.hypot(...x.map((row) => dot(row, v)))).toBeGreaterThan(0.999);
  });

  it('gives a zero vector, not NaN, for an all-zero matrix', () => {
    const v = tf.tidy(() => firstRightSingularVectors(tf.zeros([1, 4, 3]) as tf.Tensor3D).dataSync());
    expect(Array.from(v)).toEqual([0, 0, 0]);
  });

  it('leaves no tensors behind', () => {
    const x = tf.tensor3d(randomMatrices(2, 6, 4, 9).flat(2), [2, 6, 4]);
    const before = tf.memory().numTensors;
    firstRightSingularVectors(x).dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

describe('projection on the first principal component', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  /** A [1, 3, 4, C] field, C = 5: one strong pattern along a channel direction, plus noise. */
  function field(flip: boolean): { values: number[]; h: number; w: number; c: number } {
    const [h, w, c] = [3, 4, 5];
    const rng = mulberry32(21);
    const direction = [0.6, 0.5, -0.2, 0.4, 0.3];
    const values: number[] = [];
    for (let p = 0; p < h * w; p++) {
      const strength = (p % 5) - 1 + 0.1 * rng();
      for (let k = 0; k < c; k++) values.push((flip ? -1 : 1) * strength * direction[k] + 0.05 * rng() + 1);
    }
    return { values, h, w, c };
  }

  it.each([false, true])('equals the naive centred projection up to sign, signed to correlate with the channel mean (flipped: %s)', (flip) => {
    const { values, h, w, c } = field(flip);
    const map = tf.tidy(() => firstComponentProjection(tf.tensor4d(values, [1, h, w, c]), 3).dataSync());
    const rows = Array.from({ length: h * w }, (_, p) => values.slice(p * c, (p + 1) * c));
    const means = Array.from({ length: c }, (_, k) => rows.reduce((s, row) => s + row[k], 0) / rows.length);
    const centred = rows.map((row) => row.map((v, k) => v - means[k]));
    const { vector } = naiveFirstRightSingular(centred);
    const naive = centred.map((row) => dot(row, vector));
    const sign = Math.sign(dot(map, naive));
    naive.forEach((v, p) => expect(map[p]).toBeCloseTo(sign * v, 4));
    const channelMean = rows.map((row) => row.reduce((s, v) => s + v, 0) / c);
    const meanOfMeans = channelMean.reduce((s, v) => s + v, 0) / channelMean.length;
    expect(dot(map, channelMean.map((v) => v - meanOfMeans))).toBeGreaterThan(0);
  });

  it('reads NCHW fields like their NHWC transpose', () => {
    const { values, h, w, c } = field(false);
    const [nhwc, nchw] = tf.tidy(() => {
      const x = tf.tensor4d(values, [1, h, w, c]);
      return [firstComponentProjection(x, 3).dataSync(), firstComponentProjection(tf.transpose(x, [0, 3, 1, 2]), 1).dataSync()];
    });
    nhwc.forEach((v, p) => expect(nchw[p]).toBeCloseTo(v, 5));
  });
});
