/**
 * 2-D sine-cosine position embeddings: Vaswani et al.'s (NeurIPS 2017) sinusoids over each patch's column
 * and row, a quarter of the width each for sin x, cos x, sin y, cos y, as MAE (He et al., CVPR 2022) and
 * Beyer, Zhai & Kolesnikov ("Better plain ViT baselines for ImageNet-1k", 2022) lay them out. Here they are
 * the starting point of the learned position embedding, so that patch order is known from the first step
 * rather than learned from 0.02-scale noise. Prefix tokens (the class token) get zeros.
 */
import * as tf from '@tensorflow/tfjs';

/** Base of the frequencies' geometric progression (Vaswani et al. 2017). */
const TEMPERATURE = 10000;

/** [1, prefix + rows * columns, width], patches row-major; `width` must be a multiple of 4. */
export function sincosPositions(grid: { width: number; height: number }, width: number, prefixTokens: number): tf.Tensor3D {
  if (width % 4 !== 0) throw new Error(`sin-cos position embeddings need a width that is a multiple of 4; got ${width}`);
  const quarter = width / 4;
  const omega = Array.from({ length: quarter }, (_, i) => 1 / TEMPERATURE ** (i / quarter));
  const tokens = prefixTokens + grid.width * grid.height;
  const values = new Float32Array(tokens * width);
  for (let y = 0; y < grid.height; y++) {
    for (let x = 0; x < grid.width; x++) {
      const row = (prefixTokens + y * grid.width + x) * width;
      omega.forEach((w, i) => {
        values[row + i] = Math.sin(x * w);
        values[row + quarter + i] = Math.cos(x * w);
        values[row + 2 * quarter + i] = Math.sin(y * w);
        values[row + 3 * quarter + i] = Math.cos(y * w);
      });
    }
  }
  return tf.tensor3d(values, [1, tokens, width]);
}
