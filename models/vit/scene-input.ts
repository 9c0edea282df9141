import * as tf from '@tensorflow/tfjs';
import type { PreprocessSpec } from '../../src/engines/types.js';
import type { Scene } from '../../src/datasets/shapes.js';
import { scenesToBatch } from '../demo/scene-batch.js';

/** Pixels / 255, centred on 0.5 and scaled to about unit spread, so the patch embedding starts on O(1) inputs. */
export const VIT_PREPROCESS: PreprocessSpec = { scale: 1 / 255, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25], resize: 'fill' };

/** An NHWC batch of equally sized scenes, preprocessed as VIT_PREPROCESS says. */
export function scenesToVitBatch(scenes: readonly Scene[]): tf.Tensor4D {
  return tf.tidy(() => tf.div(tf.sub(scenesToBatch(scenes), VIT_PREPROCESS.mean[0]), VIT_PREPROCESS.std[0]) as tf.Tensor4D);
}
