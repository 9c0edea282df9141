import type * as tf from '@tensorflow/tfjs';
import type { ExplainableModel } from '../engines/types.js';
import type { CamBatchResult, ScoreKind, TargetSpec } from './cam/cam-core.js';

/** What every explanation method is given: the model (through its interface only) and the common options. */
export interface MethodContext {
  model: ExplainableModel;
  /** Target layer for layer-based methods (CAMs); ignored by input-space methods. */
  layer?: string;
  score: ScoreKind;
  /** Seed for stochastic methods (LIME, RISE, SmoothGrad...). */
  seed: number;
  /** Forward passes per model call, for methods that run many (Score-CAM, LIME, RISE...). */
  batchSize: number;
}

/** The result of a method on one batch: per image, per class, one map (on a grid), plus logits and timings. */
export type MethodResult = CamBatchResult & {
  /** What the maps are laid over: a layer's name, or 'input' for input-space methods. */
  layer: string;
};

/**
 * An explanation method. Every method returns the same result shape, so the pipeline thresholds, renders
 * and measures all of them alike (Captum's one verb, `attribute`, for every method).
 */
export interface Method {
  name: string;
  /** One line for `litecam methods`. */
  description: string;
  family: 'cam' | 'perturbation' | 'gradient';
  explain(ctx: MethodContext, batch: tf.Tensor4D, targets: TargetSpec): Promise<MethodResult>;
}
