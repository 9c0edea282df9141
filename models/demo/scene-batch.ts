import * as tf from '@tensorflow/tfjs';
import type { Scene } from '../../src/datasets/shapes.js';
import { SHAPE_CLASSES } from '../../src/datasets/shape-geometry.js';

/** The demo model's preprocessing ('unit'): pixel / 255, no mean or std. */
export const UNIT_SCALE = 1 / 255;

/** An NHWC float batch in [0, 1] of equally sized scenes. */
export function scenesToBatch(scenes: readonly Scene[]): tf.Tensor4D {
  const { width, height } = scenes[0];
  const pixels = width * height * 3;
  const values = new Float32Array(scenes.length * pixels);
  scenes.forEach((scene, i) => {
    for (let p = 0; p < pixels; p++) values[i * pixels + p] = scene.rgb[p] * UNIT_SCALE;
  });
  return tf.tensor4d(values, [scenes.length, height, width, 3]);
}

/** One-hot targets over SHAPE_CLASSES. */
export function scenesToOneHot(scenes: readonly Scene[]): tf.Tensor2D {
  return tf.tidy(() => tf.oneHot(tf.tensor1d(scenes.map((s) => s.label), 'int32'), SHAPE_CLASSES.length) as tf.Tensor2D);
}

/** Evaluation batch size: large enough to amortise per-call overhead, small enough to keep the wasm heap modest. */
const EVAL_BATCH = 100;

/** The predicted class (argmax of the logits) of every scene, run in batches. */
export async function predictLabels(model: tf.LayersModel, scenes: readonly Scene[]): Promise<Int32Array> {
  const out = new Int32Array(scenes.length);
  for (let start = 0; start < scenes.length; start += EVAL_BATCH) {
    const chunk = scenes.slice(start, start + EVAL_BATCH);
    const predicted = tf.tidy(() => {
      const batch = scenesToBatch(chunk);
      return tf.argMax(model.predict(batch) as tf.Tensor2D, 1);
    });
    out.set(await predicted.data(), start);
    predicted.dispose();
  }
  return out;
}

/** Share of scenes whose predicted class is their label. */
export async function accuracy(model: tf.LayersModel, scenes: readonly Scene[]): Promise<number> {
  const predicted = await predictLabels(model, scenes);
  return scenes.filter((s, i) => predicted[i] === s.label).length / scenes.length;
}
