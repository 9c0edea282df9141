/**
 * The shared routine of the input-gradient methods. The model is differentiated as a whole, back to its
 * input, so maps are at input resolution (grid = input size, layer 'input'). Each (image, class) pair is a
 * row; a method turns its rows into per-channel attributions, which are then reduced over the channels.
 *
 * Stages, as the pipeline reports them:
 *   forwardMs  — one forward of the batch through the differentiable model, for the logits;
 *   gradientMs — every backward pass (each with its own forward) and the method's per-channel combination;
 *   camMs      — the channel reduction and reading the maps back.
 */
import * as tf from '@tensorflow/tfjs';
import { resolveTargets, type CamMap, type TargetSpec } from '../cam/cam-core.js';
import type { Method, MethodContext, MethodResult } from '../method.js';
import { modelFunctionFor } from './model-function.js';
import type { GradientRows } from './score-gradient.js';

/** Per-channel attributions of every row, [M, H, W, C]. Called inside a tidy. */
export type InputAttribution = (rows: GradientRows, seed: number) => tf.Tensor4D;

/** How a pixel's channels become one value: the largest (of magnitudes) or the sum (of signed attributions). */
export type ChannelReduction = 'max' | 'sum';

export interface InputGradientSpec {
  name: string;
  description: string;
  attribute: InputAttribution;
  channels: ChannelReduction;
}

export const INPUT_LAYER = 'input';

export function inputGradientMethod(spec: InputGradientSpec): Method {
  return {
    name: spec.name,
    description: spec.description,
    family: 'gradient',
    explain: (ctx, batch, targets) => computeInputAttributions(ctx, batch, targets, spec),
  };
}

async function computeInputAttributions(ctx: MethodContext, batch: tf.Tensor4D, targets: TargetSpec, spec: InputGradientSpec): Promise<MethodResult> {
  const f = modelFunctionFor(ctx.model, spec.name);
  const n = batch.shape[0];
  let peak = tf.memory().numBytes;
  const notePeak = (): void => {
    peak = Math.max(peak, tf.memory().numBytes);
  };

  const t0 = performance.now();
  const logits = tf.tidy(() => f(batch));
  const logitData = (await logits.data()) as Float32Array;
  const numClasses = logits.shape[1];
  logits.dispose();
  const t1 = performance.now();
  notePeak();

  const classes = resolveTargets(targets, logitData, n, numClasses);
  const rows: number[] = []; // which image each (image, class) pair reads
  const cols: number[] = [];
  classes.forEach((cs, i) => cs.forEach((c) => { rows.push(i); cols.push(c); }));

  let gradientMs = 0;
  const mapTensor = tf.tidy(() => {
    const tg = performance.now();
    const inputs = rows.length === n && rows.every((r, i) => r === i) ? batch : tf.gather(batch, tf.tensor1d(rows, 'int32'));
    const oneHot = tf.oneHot(tf.tensor1d(cols, 'int32'), numClasses).toFloat() as tf.Tensor2D;
    const perChannel = spec.attribute({ f, inputs, oneHot, score: ctx.score, batchSize: ctx.batchSize, notePeak }, ctx.seed);
    tf.sum(perChannel).dataSync(); // settle the backend's queue so the stage timings are honest
    gradientMs = performance.now() - tg;
    notePeak();
    return spec.channels === 'max' ? tf.max(perChannel, 3) : tf.sum(perChannel, 3);
  }) as tf.Tensor3D;
  const mapData = (await mapTensor.data()) as Float32Array;
  const [, h, w] = mapTensor.shape;
  mapTensor.dispose();
  const t3 = performance.now();

  const maps: CamMap[][] = classes.map(() => []);
  rows.forEach((img, j) => {
    maps[img].push({
      classIndex: cols[j],
      logit: logitData[img * numClasses + cols[j]],
      values: mapData.slice(j * h * w, (j + 1) * h * w),
      width: w,
      height: h,
    });
  });
  return {
    logits: logitData,
    numClasses,
    maps,
    layer: INPUT_LAYER,
    timings: { forwardMs: t1 - t0, gradientMs, camMs: t3 - t1 - gradientMs },
    peakTensorBytes: peak,
  };
}
