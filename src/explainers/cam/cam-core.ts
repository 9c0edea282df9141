import * as tf from '@tensorflow/tfjs';
import type { ModelSplit } from '../../engines/types.js';
import { weightedChannelSum } from './channel-sum.js';
import { headGradient, type GradientField } from './head-gradient.js';
import { lazyGradient } from './lazy-gradient.js';

/** Which score the gradient is taken of: the raw logit (Grad-CAM's default) or the softmax probability. */
export type ScoreKind = 'logit' | 'probability';

/**
 * What a method may ask of the head besides its gradient: Ablation-CAM runs it forward on edited copies of
 * the activations.
 */
export interface HeadProbe {
  /** The class each row of the activations explains. */
  classes: readonly number[];
  /** The score (logit or probability, as asked) of `classIndex` for every example of `activations`, [B]. */
  score(activations: tf.Tensor4D, classIndex: number): tf.Tensor1D;
  /** Examples per head call. */
  batchSize: number;
}

/**
 * How a CAM method combines activations [M, ...] and their gradients into per-channel weights [M, C]; the
 * map is then the weighted channel sum (Grad-CAM, Grad-CAM++, XGradCAM, Ablation-CAM).
 */
export type ChannelWeights = (activations: tf.Tensor4D, grads: GradientField, channelAxis: 1 | 3, probe: HeadProbe) => tf.Tensor2D;

/** How an element-wise CAM method makes the map itself, pre-ReLU [M, H, W] (HiResCAM, LayerCAM, Eigen-CAM). */
export type CamFormula = (activations: tf.Tensor4D, grads: GradientField, channelAxis: 1 | 3, probe: HeadProbe) => tf.Tensor3D;

/**
 * Either kind; told apart by the rank of what it returns. Channel weights keep the weighted sum in one
 * batched matMul, which is what keeps Grad-CAM as cheap as its closed-form gradient.
 */
export type CamCombination = ChannelWeights | CamFormula;

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

export interface CamOptions {
  score?: ScoreKind;
  /** Examples per head call for methods that run the head many times. */
  batchSize?: number;
}

/** Head calls batch this many examples unless told otherwise: the pipeline's own default (src/explain.ts). */
export const DEFAULT_HEAD_BATCH = 8;

/** One forward of a batch with the layer tapped, and the (image, class) rows to explain. */
export interface TappedBatch {
  logits: Float32Array;
  numClasses: number;
  /** The caller disposes them. */
  activations: tf.Tensor4D;
  classes: number[][];
  /** Which image each (image, class) row reads ... */
  rows: number[];
  /** ... and which class it explains. */
  cols: number[];
  forwardMs: number;
  peakTensorBytes: number;
}

/**
 * The shared CAM routine: one forward through the body (which also yields the logits), then the method's
 * combination of the layer's activations with the gradient of the chosen scores, taken through the head
 * only and only if the method reads it. Several classes per image are handled in one head pass by
 * repeating each image's activations once per class: examples are independent in the head, so each copy
 * gets its own gradient.
 */
export async function computeCams(
  split: ModelSplit,
  batch: tf.Tensor4D,
  targets: TargetSpec,
  combine: CamCombination,
  options: CamOptions = {},
): Promise<CamBatchResult> {
  const score = options.score ?? 'logit';
  const channelAxis = split.layer.channelAxis;
  const tap = await forwardTap(split, batch, targets);
  const t1 = performance.now();
  let peak = tap.peakTensorBytes;
  let gradientMs = 0;
  let camTensor: tf.Tensor3D;
  try {
    camTensor = tf.tidy(() => {
      const repeated = repeatRows(tap.activations, tap.rows);
      const oneHot = tf.oneHot(tf.tensor1d(tap.cols, 'int32'), tap.numClasses).toFloat() as tf.Tensor2D;
      const rowLogits = () => logitsOfRows(tap.logits, tap.rows, tap.numClasses);
      const gradient = lazyGradient(() => headGradient(split, repeated, { oneHot, classes: tap.cols, logits: rowLogits }, score));
      const probe = headProbe(split, tap.cols, score, options.batchSize ?? DEFAULT_HEAD_BATCH);
      const combined = combine(repeated, gradient.field, channelAxis, probe);
      gradientMs = gradient.elapsedMs();
      peak = Math.max(peak, tf.memory().numBytes);
      const cam = combined.rank === 2 ? weightedChannelSum(repeated, combined as tf.Tensor2D, channelAxis) : (combined as tf.Tensor3D);
      return tf.relu(cam);
    });
  } finally {
    tap.activations.dispose(); // also when the gradient fails
  }
  return finishCams(tap, camTensor, { since: t1, gradientMs, peakTensorBytes: peak });
}

/** Run the body once and resolve the targets into (image, class) rows. */
export async function forwardTap(split: ModelSplit, batch: tf.Tensor4D, targets: TargetSpec): Promise<TappedBatch> {
  const n = batch.shape[0];
  const peakBefore = tf.memory().numBytes;
  const t0 = performance.now();
  const { logits, activations } = await split.run(batch);
  const logitData = (await logits.data()) as Float32Array;
  const numClasses = logits.shape[1];
  logits.dispose();
  const forwardMs = performance.now() - t0;
  const peakTensorBytes = Math.max(peakBefore, tf.memory().numBytes);
  const classes = resolveTargets(targets, logitData, n, numClasses);
  const rows: number[] = [];
  const cols: number[] = [];
  classes.forEach((cs, i) => cs.forEach((c) => { rows.push(i); cols.push(c); }));
  return { logits: logitData, numClasses, activations, classes, rows, cols, forwardMs, peakTensorBytes };
}

/** The activations of each row's image, [rows, ...]; the tensor itself when every image is one row. */
export function repeatRows(activations: tf.Tensor4D, rows: number[]): tf.Tensor4D {
  const identity = rows.length === activations.shape[0] && rows.every((r, i) => r === i);
  return identity ? activations : tf.gather(activations, tf.tensor1d(rows, 'int32'));
}

/** Read the ReLU'd maps [rows, H, W] back (and dispose them) as one CamMap per (image, class) row. */
/**
 * The batch's result: the maps read back, the forward time from the tap, the gradient time as measured and
 * the CAM time as what remains since `since` (when the forward ended).
 */
export async function finishCams(
  tap: TappedBatch,
  camTensor: tf.Tensor3D,
  stage: { since: number; gradientMs: number; peakTensorBytes: number },
): Promise<CamBatchResult> {
  const maps = await collectMaps(tap, camTensor);
  return {
    logits: tap.logits,
    numClasses: tap.numClasses,
    maps,
    timings: { forwardMs: tap.forwardMs, gradientMs: stage.gradientMs, camMs: performance.now() - stage.since - stage.gradientMs },
    peakTensorBytes: stage.peakTensorBytes,
  };
}

async function collectMaps(tap: TappedBatch, camTensor: tf.Tensor3D): Promise<CamMap[][]> {
  const camData = (await camTensor.data()) as Float32Array;
  const [, h, w] = camTensor.shape;
  camTensor.dispose();
  const maps: CamMap[][] = tap.classes.map(() => []);
  tap.rows.forEach((img, j) => {
    maps[img].push({
      classIndex: tap.cols[j],
      logit: tap.logits[img * tap.numClasses + tap.cols[j]],
      values: camData.slice(j * h * w, (j + 1) * h * w),
      width: w,
      height: h,
    });
  });
  return maps;
}

function headProbe(split: ModelSplit, classes: number[], score: ScoreKind, batchSize: number): HeadProbe {
  return {
    classes,
    batchSize,
    score: (activations, classIndex) =>
      tf.tidy(() => {
        const out = split.head(activations);
        const s = score === 'probability' ? tf.softmax(out) : out;
        return tf.slice(s, [0, classIndex], [-1, 1]).reshape([-1]) as tf.Tensor1D;
      }),
  };
}

/** The logits of the image each row explains, [rows, classes]. */
function logitsOfRows(logits: Float32Array, rows: number[], numClasses: number): tf.Tensor2D {
  const out = new Float32Array(rows.length * numClasses);
  rows.forEach((r, j) => out.set(logits.subarray(r * numClasses, (r + 1) * numClasses), j * numClasses));
  return tf.tensor2d(out, [rows.length, numClasses]);
}

/** The classes to explain for each of `n` images: the explicit lists, or each image's own top k. */
export function resolveTargets(targets: TargetSpec, logits: Float32Array, n: number, numClasses: number): number[][] {
  if ('classes' in targets) {
    if (targets.classes.length !== n) throw new Error(`internal: ${targets.classes.length} class lists for ${n} images`);
    return targets.classes;
  }
  const out: number[][] = [];
  for (let i = 0; i < n; i++) out.push(topK(logits.subarray(i * numClasses, (i + 1) * numClasses), targets.topK));
  return out;
}

/**
 * Indices of the k largest values, largest first; ties keep the lower index first. One pass keeping a small
 * sorted list: k is 1 or 5 on 1000 logits, where a full sort took 0.18 ms a call.
 */
export function topK(values: ArrayLike<number>, k: number): number[] {
  const best: number[] = [];
  const keep = Math.min(k, values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (best.length === keep) {
      if (!(v > values[best[keep - 1]])) continue; // an equal value keeps the earlier index
      best.pop();
    }
    let at = best.length;
    while (at > 0 && v > values[best[at - 1]]) at--;
    best.splice(at, 0, i);
  }
  return best;
}
