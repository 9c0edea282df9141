import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/attribution/random.js';
import { choleskySolve, weightedRidge } from '../src/explainers/perturbation/ridge.js';

/** Gauss-Jordan elimination with partial pivoting on a dense square system. */
function gaussSolve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r][col] / m[col][col];
      for (let c = col; c <= n; c++) m[r][c] -= f * m[col][c];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

/**
 * scikit-learn's route to the same fit: centre X and y on their weighted means, solve the penalised
 * k x k system, then recover the intercept from the means.
 */
function naiveCentredRidge(x: number[][], y: number[], w: number[], alpha: number): { coef: number[]; intercept: number } {
  const k = x[0].length;
  const sw = w.reduce((s, v) => s + v, 0);
  const xm = Array.from({ length: k }, (_, j) => x.reduce((s, row, i) => s + w[i] * row[j], 0) / sw);
  const ym = y.reduce((s, v, i) => s + w[i] * v, 0) / sw;
  const a = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) =>
    x.reduce((s, row, r) => s + w[r] * (row[i] - xm[i]) * (row[j] - xm[j]), 0) + (i === j ? alpha : 0)));
  const b = Array.from({ length: k }, (_, i) => x.reduce((s, row, r) => s + w[r] * (row[i] - xm[i]) * (y[r] - ym), 0));
  const coef = gaussSolve(a, b);
  return { coef, intercept: ym - coef.reduce((s, c, j) => s + c * xm[j], 0) };
}

function randomProblem(seed: number, n: number, k: number, binary: boolean) {
  const rng = mulberry32(seed);
  const x = Array.from({ length: n }, () => Array.from({ length: k }, () => (binary ? (rng() < 0.5 ? 1 : 0) : rng() * 2 - 1)));
  const y = x.map((row) => row.reduce((s, v, j) => s + v * (j - k / 2), 0.3) + 0.1 * (rng() - 0.5));
  const w = x.map(() => 0.05 + rng());
  return { x, y, w };
}

describe('weighted ridge regression', () => {
  it.each([
    { seed: 1, n: 40, k: 5, binary: true, alpha: 1 },
    { seed: 2, n: 200, k: 30, binary: true, alpha: 1 },
    { seed: 3, n: 25, k: 8, binary: false, alpha: 0.01 },
    { seed: 4, n: 10, k: 20, binary: true, alpha: 1 },
  ])('matches the centred naive solution (n=$n, k=$k, alpha=$alpha)', ({ seed, n, k, binary, alpha }) => {
    const { x, y, w } = randomProblem(seed, n, k, binary);
    const fit = weightedRidge(x.flat(), y, w, k, alpha);
    const ref = naiveCentredRidge(x, y, w, alpha);
    fit.coefficients.forEach((c, j) => expect(c).toBeCloseTo(ref.coef[j], 8));
    expect(fit.intercept).toBeCloseTo(ref.intercept, 8);
  });

  it('recovers exact linear coefficients and intercept when the penalty is negligible', () => {
    const rng = mulberry32(9);
    const truth = [1.5, -2, 0.25];
    const x = Array.from({ length: 50 }, () => truth.map(() => rng()));
    const y = x.map((row) => 0.7 + row.reduce((s, v, j) => s + v * truth[j], 0));
    const fit = weightedRidge(x.flat(), y, x.map(() => 1), 3, 1e-9);
    fit.coefficients.forEach((c, j) => expect(c).toBeCloseTo(truth[j], 5));
    expect(fit.intercept).toBeCloseTo(0.7, 5);
  });

  it('does not penalise the intercept: a huge penalty leaves the weighted mean of y', () => {
    const { x, y, w } = randomProblem(5, 30, 4, true);
    const fit = weightedRidge(x.flat(), y, w, 4, 1e12);
    const mean = y.reduce((s, v, i) => s + w[i] * v, 0) / w.reduce((s, v) => s + v, 0);
    fit.coefficients.forEach((c) => expect(Math.abs(c)).toBeLessThan(1e-9));
    expect(fit.intercept).toBeCloseTo(mean, 8);
  });

  it('Cholesky solves a known 3x3 system', () => {
    const a = Float64Array.from([4, 12, -16, 12, 37, -43, -16, -43, 98]);
    const z = choleskySolve(a, Float64Array.from([0, 6, 39]), 3);
    // A [1, 1, 1]^T = [0, 6, 39]
    z.forEach((v) => expect(v).toBeCloseTo(1, 10));
  });
});
