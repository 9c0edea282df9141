/**
 * Weighted ridge regression with an unpenalised intercept, as scikit-learn's Ridge(alpha, fit_intercept=True)
 * with sample weights (what lime_image fits). The normal equations of the design [X 1] are
 *   ([X 1]^T W [X 1] + diag(alpha, ..., alpha, 0)) [beta; b] = [X 1]^T W y,
 * a symmetric positive definite (K+1)x(K+1) system when alpha > 0 and the weights are positive: solved by
 * Cholesky factorisation.
 */
export interface RidgeFit {
  coefficients: Float64Array;
  intercept: number;
}

/**
 * @param x   n rows of k features, row-major (n*k values)
 * @param y   n targets
 * @param w   n non-negative sample weights with a positive sum
 */
export function weightedRidge(x: ArrayLike<number>, y: ArrayLike<number>, w: ArrayLike<number>, k: number, alpha: number): RidgeFit {
  const n = y.length;
  if (x.length !== n * k || w.length !== n) throw new Error(`internal: ridge wants ${n}x${k} features and ${n} weights, got ${x.length} and ${w.length}`);
  const d = k + 1;
  const a = new Float64Array(d * d);
  const rhs = new Float64Array(d);
  const row = new Float64Array(d);
  row[k] = 1;
  for (let s = 0; s < n; s++) {
    if (w[s] === 0) continue;
    for (let i = 0; i < k; i++) row[i] = x[s * k + i];
    for (let i = 0; i < d; i++) {
      const wi = w[s] * row[i];
      if (wi === 0) continue;
      rhs[i] += wi * y[s];
      for (let j = 0; j <= i; j++) a[i * d + j] += wi * row[j];
    }
  }
  for (let i = 0; i < k; i++) a[i * d + i] += alpha;
  const solution = choleskySolve(a, rhs, d);
  return { coefficients: solution.slice(0, k), intercept: solution[k] };
}

/** Solve A z = b for symmetric positive definite A, of which only the lower triangle is read. */
export function choleskySolve(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j];
      for (let m = 0; m < j; m++) s -= l[i * d + m] * l[j * d + m];
      if (i === j) {
        if (!(s > 0)) throw new Error('internal: ridge normal equations are not positive definite (are all sample weights zero?)');
        l[i * d + i] = Math.sqrt(s);
      } else {
        l[i * d + j] = s / l[j * d + j];
      }
    }
  }
  const z = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i];
    for (let m = 0; m < i; m++) s -= l[i * d + m] * z[m];
    z[i] = s / l[i * d + i];
  }
  for (let i = d - 1; i >= 0; i--) {
    let s = z[i];
    for (let m = i + 1; m < d; m++) s -= l[m * d + i] * z[m];
    z[i] = s / l[i * d + i];
  }
  return z;
}
