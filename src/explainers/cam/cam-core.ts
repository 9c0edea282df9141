import * as tf from '@tensorflow/tfjs';
import type { ModelSplit } from '../../engines/types.js';
import { headGradient, type GradientField } from './head-gradient.js';

/** Which score the gradient is taken of: the raw logit (Grad-CAM's default) or the softmax probability. */
export type ScoreKind = 'logit' | 'probability';

/** How a CAM method turns activations and their gradients into per-channel weights, shape [M, C]. */
export type ChannelWeights = (activations: tf.Tensor4D, grads: GradientField, spatialAxes: [number, number]) => tf.Tensor2D;

export interface CamMap {
  classIndex: number;
  /** The target's logit (whatever `score` says, this is always the logit). */
  logit: number;
  /** Row-major, ReLU'd, not normalised; length width*height. */
  values: Float32Array;
  width: number;
  height: number;
}

export interface CamBatchResult {
  /** Logits of the whole batch, row-major [N, numClasses]. */
  logits: Float32Array;
  numClasses: number;
  /** Per image, per requested class. */
  maps: CamMap[][];
  timings: { forwardMs: number; gradientMs: number; camMs: number };
  /** Largest tensor memory observed at the stage boundaries (bytes). */
  peakTensorBytes: number;
}

/** Classes to explain per image: explicit indices, or the top k of each image's own prediction. */
export type TargetSpec = { classes: number[][] } | { topK: number };

/**
 * The shared CAM routine: one forward through the body (which also yields the logits), then the gradient
 * of the chosen scores with respect to the layer's activations through the head only, then a weighted sum
 * of the channels. Several classes per image are handled in one head pass by repeating each image's
 * activations once per class: examples are independent in the head, so each copy gets its own gradient.
 */
export async function computeCams(
  split: ModelSplit,
  batch: tf.Tensor4D,
  targets: TargetSpec,
  weights: ChannelWeights,
  score: ScoreKind = 'logit',
): Promise<CamBatchResult> {
  const n = batch.shape[0];
  const channelAxis = split.layer.channelAxis;
  const spatialAxes: [number, number] = channelAxis === 3 ? [1, 2] : [2, 3];
  let peak = tf.memory().numBytes;

  const t0 = performance.now();
  const { logits, activations } = await split.run(batch);
  const logitData = (await logits.data()) as Float32Array;
  const numClasses = logits.shape[1];
  logits.dispose();
  const t1 = performance.now();
  peak = Math.max(peak, tf.memory().numBytes);

  const classes = resolveTargets(targets, logitData, n, numClasses);
  const rows: number[] = []; // which image each (image, class) pair reads
  const cols: number[] = [];
  classes.forEach((cs, i) => cs.forEach((c) => { rows.push(i); cols.push(c); }));

  let gradTime = 0;
  let camTensor: tf.Tensor3D;
  try {
    camTensor = tf.tidy(() => {
      const tg = performance.now();
      const repeated = rows.length === n && rows.every((r, i) => r === i)
        ? activations
        : tf.gather(activations, tf.tensor1d(rows, 'int32'));
      const oneHot = tf.oneHot(tf.tensor1d(cols, 'int32'), numClasses).toFloat() as tf.Tensor2D;
      const grads = headGradient(split, repeated, { oneHot, logits: () => rowLogits(logitData, rows, numClasses) }, score);
      grads.spatialMean().dataSync(); // settle the backend's queue so the stage timings are honest
      gradTime = performance.now() - tg;
      peak = Math.max(peak, tf.memory().numBytes);
      const w = weights(repeated, grads, spatialAxes);
      return tf.relu(weightedChannelSum(repeated, w, channelAxis));
    });
  } finally {
    activations.dispose(); // also when the gradient fails
  }
  const tc = performance.now();
  const camData = (await camTensor.data()) as Float32Array;
  const [, h, w] = camTensor.shape;
  camTensor.dispose();
  const t3 = performance.now();

  const maps: CamMap[][] = classes.map(() => []);
  rows.forEach((img, j) => {
    maps[img].push({
      classIndex: cols[j],
      logit: logitData[img * numClasses + cols[j]],
      values: camData.slice(j * h * w, (j + 1) * h * w),
      width: w,
      height: h,
    });
  });
  return {
    logits: logitData,
    numClasses,
    maps,
    timings: { forwardMs: t1 - t0, gradientMs: gradTime, camMs: t3 - tc + (tc - t1 - gradTime) },
    peakTensorBytes: peak,
  };
}

/**
 * sum_c w[m, c] * A[m, c, :, :] as one batched matrix product ([M,1,C] x [M,C,HW] for NCHW, [M,HW,C] x [M,C,1]
 * for NHWC): half the time of a broadcast multiply and a reduction on wasm, and no [M,C,H,W] temporary.
 */
function weightedChannelSum(activations: tf.Tensor4D, w: tf.Tensor2D, channelAxis: 1 | 3): tf.Tensor3D {
  const [m, d1, d2, d3] = activations.shape;
  if (channelAxis === 1) {
    const cam = tf.matMul(w.reshape([m, 1, d1]) as tf.Tensor3D, activations.reshape([m, d1, d2 * d3]) as tf.Tensor3D);
    return cam.reshape([m, d2, d3]);
  }
  const cam = tf.matMul(activations.reshape([m, d1 * d2, d3]) as tf.Tensor3D, w.reshape([m, d3, 1]) as tf.Tensor3D);
  return cam.reshape([m, d1, d2]);
}

/** The logits of the image each row explains, [rows, classes]. */
function rowLogits(logits: Float32Array, rows: number[], numClasses: number): tf.Tensor2D {
  const out = new Float32Array(rows.length * numClasses);
  rows.forEach((r, j) => out.set(logits.subarray(r * numClasses, (r + 1) * numClasses), j * numClasses));
  return tf.tensor2d(out, [rows.length, numClasses]);
}

function resolveTargets(targets: TargetSpec, logits: Float32Array, n: number, numClasses: number): number[][] {
  if ('classes' in targets) {
    if (targets.classes.length !== n) throw new Error(`internal: ${targets.classes.length} class lists for ${n} images`);
    return targets.classes;
  }
  const out: number[][] = [];
  for (let i = 0; i < n; i++) out.push(topK(logits.subarray(i * numClasses, (i + 1) * numClasses), targets.topK));
  return out;
}

/** Indices of the k largest values, largest first; ties keep the lower index first. */
export function topK(values: ArrayLike<number>, k: number): number[] {
  const idx = Array.from({ length: values.length }, (_, i) => i);
  idx.sort((a, b) => values[b] - values[a] || a - b);
  return idx.slice(0, Math.min(k, values.length));
}
