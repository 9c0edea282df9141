/**
 * How a block's heads become one attention matrix before rollout (Abnar & Zuidema 2020 average them;
 * Gildenblat's vit-explain (2020) adds max and min, which it found to give sharper maps).
 */
import * as tf from '@tensorflow/tfjs';
import { UsageError } from '../../errors.js';

export const HEAD_FUSIONS = ['mean', 'max', 'min'] as const;

export type HeadFusion = (typeof HEAD_FUSIONS)[number];

/** [N, heads, T, T] -> [N, T, T]. */
export function fuseHeads(attention: tf.Tensor4D, fusion: HeadFusion): tf.Tensor3D {
  switch (fusion) {
    case 'mean':
      return tf.mean(attention, 1);
    case 'max':
      return tf.max(attention, 1);
    case 'min':
      return tf.min(attention, 1);
    default:
      throw new UsageError(`unknown head fusion '${String(fusion)}'; choose ${HEAD_FUSIONS.join(', ')}`);
  }
}
