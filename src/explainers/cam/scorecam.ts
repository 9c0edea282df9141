/**
 * Score-CAM — Wang et al., "Score-CAM: Score-Weighted Visual Explanations for Convolutional Neural
 * Networks", CVPR Workshops 2020. Each channel, upsampled to the input size and min-max normalised to
 * [0, 1], masks the input; the masked input's softmax probability of the target is that channel's weight
 * (as in the authors' code; the paper's baseline image is left out there too). Channels of constant value
 * make an empty mask and get weight 0. Every target of an image reads the same masked forwards.
 * Stages: forwardMs the body, gradientMs the masked forwards (no gradient is taken), camMs the channel sum.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExplainableModel } from '../../engines/types.js';
import type { Method, MethodContext } from '../method.js';
import { finishCams, forwardTap, repeatRows, type TargetSpec } from './cam-core.js';
import { weightedChannelSum } from './channel-sum.js';

/**
 * Channels kept per image: the top `maxChannels` by mean activation. The paper uses every channel; ours is a
 * cost bound, since each kept channel is one forward of the whole model: on MobileNetV2 at 224x224 (wasm,
 * batches of 8) 256 channels took 23 s per image, so all 1280 would take about two minutes. Layers with
 * fewer channels use them all.
 */
export const SCORE_CAM_DEFAULTS = { maxChannels: 128 };

export interface ScoreCamOptions {
  maxChannels?: number;
}

export function scoreCamMethod(options: ScoreCamOptions = {}): Method {
  const { maxChannels } = { ...SCORE_CAM_DEFAULTS, ...options };
  return {
    name: 'scorecam',
    description: `Score-CAM (Wang et al. 2020): channels weighted by the score of the input masked by them (top ${maxChannels} channels)`,
    family: 'cam',
    explain: (ctx, batch, targets) => scoreCam(ctx, batch, targets, maxChannels),
  };
}

async function scoreCam(ctx: MethodContext, batch: tf.Tensor4D, targets: TargetSpec, maxChannels: number) {
  const split = await ctx.model.split(ctx.layer);
  const channelAxis = split.layer.channelAxis;
  const tap = await forwardTap(split, batch, targets);
  const t1 = performance.now();
  let camTensor: tf.Tensor3D;
  let gradientMs: number;
  try {
    const channels = tap.activations.shape[channelAxis];
    const weights = new Float32Array(tap.rows.length * channels);
    for (let img = 0; img < tap.classes.length; img++) {
      const { kept, probabilities } = await maskedProbabilities(ctx.model, batch, tap.activations, img, channelAxis, maxChannels, ctx.batchSize);
      tap.rows.forEach((r, j) => {
        if (r !== img) return;
        kept.forEach((k, i) => (weights[j * channels + k] = probabilities[i * tap.numClasses + tap.cols[j]]));
      });
    }
    gradientMs = performance.now() - t1;
    camTensor = tf.tidy(() => {
      const w = tf.tensor2d(weights, [tap.rows.length, channels]);
      return tf.relu(weightedChannelSum(repeatRows(tap.activations, tap.rows), w, channelAxis));
    });
  } finally {
    tap.activations.dispose();
  }
  const result = await finishCams(tap, camTensor, { since: t1, gradientMs, peakTensorBytes: tap.peakTensorBytes });
  return { ...result, layer: split.layer.name };
}

/**
 * The softmax probabilities [kept, classes] of image `img` masked by each kept channel, forwarded
 * `batchSize` masked copies at a time.
 */
async function maskedProbabilities(
  model: ExplainableModel,
  batch: tf.Tensor4D,
  activations: tf.Tensor4D,
  img: number,
  channelAxis: 1 | 3,
  maxChannels: number,
  batchSize: number,
): Promise<{ kept: Int32Array; probabilities: Float32Array }> {
  const [, height, width] = batch.shape;
  const { kept, masks } = tf.tidy(() => {
    const example = tf.slice(activations, img, 1);
    const nhwc = channelAxis === 3 ? example : tf.transpose(example, [0, 2, 3, 1]);
    const channels = nhwc.shape[3];
    const strongest = tf.topk(tf.mean(nhwc, [0, 1, 2]), Math.min(maxChannels, channels)).indices;
    const chosen = tf.gather(nhwc, strongest, 3);
    return { kept: strongest, masks: inputMasks(chosen, height, width) };
  });
  const image = tf.slice(batch, img, 1);
  const keptIdx = (await kept.data()) as Int32Array;
  const out: Float32Array[] = [];
  try {
    for (let k0 = 0; k0 < keptIdx.length; k0 += batchSize) {
      const size = Math.min(batchSize, keptIdx.length - k0);
      const masked = tf.tidy(() => tf.mul(tf.slice(masks, k0, size), image) as tf.Tensor4D);
      const logits = await model.predict(masked).finally(() => masked.dispose());
      const probs = tf.softmax(logits);
      out.push((await probs.data()) as Float32Array);
      tf.dispose([logits, probs]);
    }
  } finally {
    tf.dispose([kept, masks, image]);
  }
  const probabilities = new Float32Array(out.reduce((s, p) => s + p.length, 0));
  out.reduce((offset, p) => (probabilities.set(p, offset), offset + p.length), 0);
  return { kept: keptIdx, probabilities };
}

/** Channels [1, h, w, K] upsampled to the input size and min-max scaled to [0, 1], as masks [K, H, W, 1]. */
function inputMasks(channels: tf.Tensor4D, height: number, width: number): tf.Tensor4D {
  const up = tf.image.resizeBilinear(channels, [height, width], false, true);
  const lo = tf.min(up, [1, 2], true);
  const range = tf.sub(tf.max(up, [1, 2], true), lo);
  const scaled = tf.where(tf.greater(range, 0), tf.div(tf.sub(up, lo), tf.maximum(range, 1e-30)), tf.zerosLike(up));
  return tf.transpose(scaled, [3, 1, 2, 0]) as tf.Tensor4D;
}
