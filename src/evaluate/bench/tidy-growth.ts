/**
 * Ablation: tf.tidy against none (the paper's Table 5). The same Grad-CAM steps (forward with the layer
 * tapped, the gradient through the head, channel weights, weighted sum, ReLU, read back) run repeatedly,
 * once inside tf.tidy with the forward's outputs disposed, once with neither. The live tensor count and
 * bytes after each run show what leaks per explanation. The untidy runs happen inside one engine scope that
 * is closed afterwards, so the bench itself releases every tensor they left behind.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExplainableModel, ModelSplit } from '../../engines/types.js';
import type { PreparedInput } from '../../explain.js';

export interface TidyArm {
  arm: 'tidy' | 'no tidy';
  /** Live tensors and bytes after each run, relative to before the first. */
  tensorsAfterRun: number[];
  bytesAfterRun: number[];
  /** Least-squares slope over the runs: what each explanation leaves behind. */
  tensorsPerRun: number;
  bytesPerRun: number;
}

export interface TidyGrowthResult {
  model: string;
  runs: number;
  arms: TidyArm[];
  /** Live tensors after the untidy scope closed, relative to before the ablation: 0 when all were released. */
  tensorsLeftAfterCleanup: number;
}

export async function tidyGrowth(model: ExplainableModel, input: PreparedInput, runs: number): Promise<TidyGrowthResult> {
  const { height, width, channels } = model.inputSpec;
  const split = await model.split();
  const before = tf.memory().numTensors;
  const batch = tf.tensor4d(input.data, [1, height, width, channels]);
  const tidyArm = await measureGrowth('tidy', runs, async () => {
    const tap = await split.run(batch);
    tf.tidy(() => gradCamValues(split, tap.activations, tap.logits));
    tf.dispose([tap.activations, tap.logits]);
  });
  const engine = tf.engine();
  engine.startScope();
  let untidyArm: TidyArm;
  try {
    untidyArm = await measureGrowth('no tidy', runs, async () => {
      const tap = await split.run(batch);
      gradCamValues(split, tap.activations, tap.logits);
    });
  } finally {
    engine.endScope();
  }
  batch.dispose();
  return { model: model.source, runs, arms: [tidyArm, untidyArm], tensorsLeftAfterCleanup: tf.memory().numTensors - before };
}

async function measureGrowth(arm: TidyArm['arm'], runs: number, once: () => Promise<void>): Promise<TidyArm> {
  const start = tf.memory();
  const tensorsAfterRun: number[] = [];
  const bytesAfterRun: number[] = [];
  for (let r = 0; r < runs; r++) {
    await once();
    const m = tf.memory();
    tensorsAfterRun.push(m.numTensors - start.numTensors);
    bytesAfterRun.push(m.numBytes - start.numBytes);
  }
  return { arm, tensorsAfterRun, bytesAfterRun, tensorsPerRun: slope(tensorsAfterRun), bytesPerRun: slope(bytesAfterRun) };
}

/** Grad-CAM of the predicted class, spelled out op by op so that nothing but the caller decides what is freed. */
function gradCamValues(split: ModelSplit, activations: tf.Tensor4D, logits: tf.Tensor2D): Float32Array {
  const target = tf.argMax(logits, 1);
  const oneHot = tf.oneHot(target, logits.shape[1]).toFloat();
  const grads = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(split.head(a as tf.Tensor4D), oneHot)))(activations);
  const spatial = split.layer.channelAxis === 3 ? [1, 2] : [2, 3];
  const weights = tf.mean(grads, spatial, true);
  const cam = tf.relu(tf.sum(tf.mul(activations, weights), split.layer.channelAxis));
  return cam.dataSync() as Float32Array;
}

/** Least-squares slope of ys against 1..n. */
export function slope(ys: number[]): number {
  const n = ys.length;
  if (n < 2) return NaN;
  const mx = (n + 1) / 2;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  ys.forEach((y, i) => {
    num += (i + 1 - mx) * (y - my);
    den += (i + 1 - mx) ** 2;
  });
  return num / den;
}
