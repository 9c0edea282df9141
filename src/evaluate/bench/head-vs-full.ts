/**
 * Ablation: head-only against a full backward pass (the paper's Table 5). Both arms run the forward pass
 * and take the gradient of the same class score. Head-only is what Grad-CAM does: forward with the target
 * layer tapped, then the gradient at that layer through the head alone (a closed form for a pooled-linear
 * head). Full is tf.grad of the score with respect to the INPUT through the whole TF.js model: the
 * backward pass through every layer that a full-backward implementation pays for. It still computes no
 * parameter gradients, so it is a lower bound on what such an implementation (which fills every .grad) costs.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExplainableModel } from '../../engines/types.js';
import { UsageError } from '../../errors.js';
import { headGradient } from '../../explainers/cam/head-gradient.js';
import type { PreparedInput } from '../../explain.js';
import { speedClaim, type SpeedClaim } from './speed-claim.js';
import { mad, median, timeInterleaved } from './timing.js';

export const HEAD_ONLY_ARM = 'head-only backward';
export const FULL_BACKWARD_ARM = 'full backward';

export interface ArmTiming {
  arm: string;
  runs: number;
  medianMs: number;
  madMs: number;
}

export interface HeadVsFullResult {
  model: string;
  measures: string;
  arms: ArmTiming[];
  claim: SpeedClaim;
}

export async function headVsFull(model: ExplainableModel, input: PreparedInput, runs: number, onRound?: (done: number) => void): Promise<HeadVsFullResult> {
  const whole = model.differentiable?.();
  if (!whole) throw new UsageError(`the full-backward ablation needs a model TF.js can differentiate end to end; ${model.source} is not one`);
  const { height, width, channels } = model.inputSpec;
  const batch = tf.tensor4d(input.data, [1, height, width, channels]);
  const split = await model.split();
  try {
    const target = await predictedClass(model, batch);
    const oneHot = tf.oneHot(tf.tensor1d([target], 'int32'), model.numClasses).toFloat() as tf.Tensor2D;
    const headOnly = async () => {
      const tap = await split.run(batch);
      try {
        tf.tidy(() => headGradient(split, tap.activations, { oneHot, logits: () => tap.logits }, 'logit').spatialMean().dataSync());
      } finally {
        tf.dispose([tap.activations, tap.logits]);
      }
    };
    const full = async () => {
      tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(whole(x as tf.Tensor4D), oneHot)))(batch).dataSync());
    };
    const [headTimes, fullTimes] = await timeInterleaved([headOnly, full], runs, 1, onRound);
    oneHot.dispose();
    return {
      model: model.source,
      measures: 'forward + gradient of the predicted class logit: at the target layer through the head only, against at the input through the whole model (no parameter gradients in either)',
      arms: [timing(HEAD_ONLY_ARM, headTimes), timing(FULL_BACKWARD_ARM, fullTimes)],
      claim: speedClaim('ablation: backward pass', { name: HEAD_ONLY_ARM, times: headTimes }, { name: FULL_BACKWARD_ARM, times: fullTimes }, 0),
    };
  } finally {
    // The split belongs to the model, which caches it and disposes it with itself.
    batch.dispose();
  }
}

export function timing(arm: string, times: number[]): ArmTiming {
  return { arm, runs: times.length, medianMs: median(times), madMs: mad(times) };
}

async function predictedClass(model: ExplainableModel, batch: tf.Tensor4D): Promise<number> {
  const logits = await model.predict(batch);
  const best = tf.argMax(logits, 1);
  const [c] = await best.data();
  tf.dispose([logits, best]);
  return c;
}
