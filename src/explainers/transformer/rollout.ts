/**
 * Attention rollout — Abnar & Zuidema, "Quantifying Attention Flow in Transformers", ACL 2020. The residual
 * connection is accounted for by adding the identity to each block's attention; the blocks' matrices are
 * then multiplied from the first block to the last: R = Â_L ... Â_1.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * One row of the rollout, [N, T]: row `row` of Â_L ... Â_1, where Â_b = A_b + I, divided by its row sums
 * when `renormalise` (Abnar & Zuidema's 0.5 A + 0.5 I, kept row-stochastic after a discard). Computed as a
 * vector times each matrix from the last block down, O(L T²) rather than the O(L T³) of the full product.
 */
export function rolloutRow(fused: tf.Tensor3D[], row: number, renormalise: boolean): tf.Tensor2D {
  return tf.tidy(() => {
    const [n, t] = fused[0].shape;
    const withResidual = residualAdder(t, renormalise);
    const last = withResidual(fused[fused.length - 1]);
    let v = tf.slice(last, [0, row, 0], [n, 1, t]);
    for (let b = fused.length - 2; b >= 0; b--) v = tf.matMul(v, withResidual(fused[b]));
    return tf.reshape(v, [n, t]);
  });
}

/**
 * The whole rollout, [N, T, T]: Â_L ... Â_1 with Â_b as in `rolloutRow`; row i says how much token i draws,
 * through every block, on each input token. O(L T³): for relations between all tokens, not one row's map.
 */
export function rolloutMatrix(fused: tf.Tensor3D[], renormalise: boolean): tf.Tensor3D {
  return tf.tidy(() => {
    const withResidual = residualAdder(fused[0].shape[1], renormalise);
    let r = withResidual(fused[0]);
    for (let b = 1; b < fused.length; b++) r = tf.matMul(withResidual(fused[b]), r);
    return r;
  });
}

function residualAdder(t: number, renormalise: boolean): (a: tf.Tensor3D) => tf.Tensor3D {
  const eye = tf.eye(t);
  return (a) => {
    const m = tf.add(a, eye) as tf.Tensor3D;
    return renormalise ? tf.div(m, tf.sum(m, -1, true)) : m;
  };
}

/** The class token's row [N, T] without its prefix tokens: the patches' scores, [N, P]. */
export function patchColumns(rows: tf.Tensor2D, prefixTokens: number): tf.Tensor2D {
  const [n, t] = rows.shape;
  return tf.slice(rows, [0, prefixTokens], [n, t - prefixTokens]);
}
