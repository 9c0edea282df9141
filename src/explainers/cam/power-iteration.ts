import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../attribution/random.js';

/**
 * Stopping rule of the power iteration (our choice): float32 resolves about 1e-7, so a step smaller than
 * 1e-6 in every entry of the unit vector is convergence; 1000 steps bound the rare near-tied spectrum.
 */
export const POWER_ITERATION = { maxIterations: 1000, tolerance: 1e-6, checkEvery: 10, seed: 1 };

export interface PowerIterationOptions {
  maxIterations?: number;
  tolerance?: number;
  /** Steps between convergence checks (each check reads one number back from the backend). */
  checkEvery?: number;
  /** Seed of the start vector. */
  seed?: number;
}

/**
 * The first right singular vector of each matrix of a batch X [M, R, C], as unit rows [M, C]: power
 * iteration v <- X^T X v / |X^T X v|, computed as two matrix-vector products so that X^T X is never formed.
 * The error shrinks by (sigma2 / sigma1)^2 per step: where the top two singular values nearly tie, the
 * vector is ill-defined anyway and the result is a unit vector of the tied directions, which still captures
 * at least sigma2. The sign is whatever the iteration lands on; callers fix it. An all-zero matrix gives a
 * zero vector.
 */
export function firstRightSingularVectors(x: tf.Tensor3D, options: PowerIterationOptions = {}): tf.Tensor2D {
  const { maxIterations, tolerance, checkEvery, seed } = { ...POWER_ITERATION, ...options };
  const [m, , c] = x.shape;
  return tf.tidy(() => {
    const xt = tf.transpose(x, [0, 2, 1]);
    let v = startVectors(m, c, seed);
    for (let done = 0; done < maxIterations; ) {
      const steps = Math.min(checkEvery, maxIterations - done);
      const previous = v;
      v = tf.tidy(() => {
        let u = previous;
        for (let s = 0; s < steps; s++) u = unit(tf.matMul(xt, tf.matMul(x, u)));
        return u;
      });
      done += steps;
      const change = tf.tidy(() => tf.max(tf.abs(tf.sub(v, previous))).dataSync()[0]);
      previous.dispose();
      if (change < tolerance) break;
    }
    return v.reshape([m, c]) as tf.Tensor2D;
  });
}

/** The same seeded unit vector for every matrix, [M, C, 1]. */
function startVectors(m: number, c: number, seed: number): tf.Tensor3D {
  const rng = mulberry32(seed);
  const one = Float32Array.from({ length: c }, () => rng() + 0.5);
  const out = new Float32Array(m * c);
  for (let i = 0; i < m; i++) out.set(one, i * c);
  return unit(tf.tensor3d(out, [m, c, 1]));
}

/** Each column vector divided by its norm; a zero vector stays zero. */
function unit(v: tf.Tensor3D): tf.Tensor3D {
  const norm = tf.norm(v, 'euclidean', 1, true);
  return tf.where(tf.greater(norm, 0), tf.div(v, tf.maximum(norm, 1e-30)), tf.zerosLike(v)) as tf.Tensor3D;
}
