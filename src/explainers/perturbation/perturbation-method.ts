/**
 * What the perturbation methods share: one clean forward of the batch (logits, and the classes to
 * explain), then each image explained on its own by perturbing it. Stages as the pipeline reports them:
 * forwardMs = every model call (the clean batch and all perturbed batches); gradientMs = 0 (no gradient
 * is taken); camMs = the rest (segmenting, drawing masks, building perturbed inputs, fitting, summing).
 * The score is always the softmax probability, as LIME, RISE and occlusion are defined on it; the
 * context's `score` (the gradient's choice for CAMs) does not apply.
 */
import * as tf from '@tensorflow/tfjs';
import { resolveTargets } from '../cam/cam-core.js';
import type { Method, MethodContext } from '../method.js';
import { ProbabilityScorer, selectedProbabilities } from './probability-scorer.js';

/** One image to explain, with what the clean forward already told about it. */
export interface ImageToExplain {
  /** [1, H, W, C] in model-input space; owned by the caller. */
  image: tf.Tensor4D;
  /** The same values on the host, H*W*C. */
  data: Float32Array;
  width: number;
  height: number;
  channels: number;
  classes: number[];
  /** Softmax probability of each of `classes` for the unperturbed image. */
  probabilities: Float32Array;
}

/** One map per class of `input.classes`, each H*W values row-major. */
export type ImageAttribution = (input: ImageToExplain, scorer: ProbabilityScorer, ctx: MethodContext) => Promise<Float32Array[]>;

export function perturbationMethod(name: string, description: string, attribute: ImageAttribution): Method {
  return {
    name,
    description,
    family: 'perturbation',
    async explain(ctx, batch, targets) {
      const t0 = performance.now();
      const [n, height, width, channels] = batch.shape;
      const scorer = new ProbabilityScorer(ctx.model);
      const logits = await scorer.logits(batch);
      const numClasses = logits.length / n;
      const classes = resolveTargets(targets, logits, n, numClasses);
      const maps = [];
      for (let i = 0; i < n; i++) {
        const image = tf.slice(batch, [i, 0, 0, 0], [1, height, width, channels]);
        try {
          const data = (await image.data()) as Float32Array;
          const probabilities = selectedProbabilities(logits.subarray(i * numClasses, (i + 1) * numClasses), 1, classes[i]);
          const values = await attribute({ image, data, width, height, channels, classes: classes[i], probabilities }, scorer, ctx);
          maps.push(classes[i].map((c, j) => ({ classIndex: c, logit: logits[i * numClasses + c], values: values[j], width, height })));
        } finally {
          image.dispose();
        }
      }
      const totalMs = performance.now() - t0;
      return {
        logits,
        numClasses,
        maps,
        timings: { forwardMs: scorer.forwardMs, gradientMs: 0, camMs: totalMs - scorer.forwardMs },
        peakTensorBytes: scorer.peakTensorBytes,
        layer: 'input',
      };
    },
  };
}

