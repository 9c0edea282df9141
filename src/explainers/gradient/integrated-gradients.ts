/**
 * Integrated Gradients — Sundararajan, Taly & Yan, "Axiomatic Attribution for Deep Networks", ICML 2017:
 *   IG_i(x) = (x_i - x'_i) * integral_0^1 d S_c(x' + a (x - x')) / d x_i da
 * along the straight path from a baseline x' to the image x, the integral approximated by a Riemann sum
 * (Sec. 3). Completeness (the attributions add up to S_c(x) - S_c(x')) holds up to the sum's error.
 * Attributions are summed over a pixel's channels; the sum is signed, and after the pipeline's ReLU the
 * map shows the positive evidence for the class.
 *
 * The baseline is in model space (after preprocessing): 0 there is the all-zero input, which for
 * mean-subtracted preprocessing is the mean colour rather than black.
 */
import * as tf from '@tensorflow/tfjs';
import { UsageError } from '../../errors.js';
import type { Method } from '../method.js';
import { inputGradientMethod, type InputAttribution } from './gradient-core.js';
import { weightedGradientSum, type PointSet } from './score-gradient.js';

/**
 * 'trapezoid': a_k = k / (n - 1), k = 0..n-1, the end points weighted half (Captum's riemann_trapezoid);
 * 'midpoint': a_k = (k + 1/2) / n, equal weights (Captum's riemann_middle).
 */
export type RiemannRule = 'trapezoid' | 'midpoint';

export interface IntegratedGradientsOptions {
  /** Points on the path (gradient evaluations per image and class). */
  steps: number;
  rule: RiemannRule;
  /** One value for every input entry, or a whole input (height*width*channels, NHWC), in model space. */
  baseline: number | Float32Array;
}

/** 50 steps: Captum's default n_steps, within the 20-300 the paper found enough; the all-zero baseline of the paper. */
export const IG_DEFAULTS: IntegratedGradientsOptions = { steps: 50, rule: 'trapezoid', baseline: 0 };

/** Where on the path the gradients are taken, and each one's weight; the weights sum to 1. */
export function riemannPoints(steps: number, rule: RiemannRule): { alphas: Float32Array; weights: Float32Array } {
  const alphas = new Float32Array(steps);
  const weights = new Float32Array(steps);
  for (let k = 0; k < steps; k++) {
    if (rule === 'midpoint') {
      alphas[k] = (k + 0.5) / steps;
      weights[k] = 1 / steps;
    } else {
      alphas[k] = k / (steps - 1);
      weights[k] = (k === 0 || k === steps - 1 ? 0.5 : 1) / (steps - 1);
    }
  }
  return { alphas, weights };
}

export function integratedGradientsAttribution(options: IntegratedGradientsOptions): InputAttribution {
  const { alphas, weights } = riemannPoints(options.steps, options.rule);
  return (rows) => {
    const [m, h, w, c] = rows.inputs.shape;
    const baseline = baselineTensor(options.baseline, [1, h, w, c]);
    const perRow: tf.Tensor4D[] = [];
    for (let row = 0; row < m; row++) {
      const delta = tf.sub(tf.slice(rows.inputs, [row, 0, 0, 0], [1, -1, -1, -1]), baseline) as tf.Tensor4D;
      const path: PointSet = {
        count: options.steps,
        weights,
        at: (start, end) => tf.add(baseline, tf.mul(tf.tensor4d(alphas.subarray(start, end), [end - start, 1, 1, 1]), delta)),
      };
      perRow.push(tf.mul(delta, weightedGradientSum(rows, row, path)));
    }
    return tf.concat(perRow);
  };
}

function baselineTensor(baseline: number | Float32Array, shape: [number, number, number, number]): tf.Tensor4D {
  if (typeof baseline === 'number') return tf.fill(shape, baseline) as tf.Tensor4D;
  const size = shape[1] * shape[2] * shape[3];
  if (baseline.length !== size) {
    throw new UsageError(`integrated gradients: the baseline has ${baseline.length} values; the model's input has ${shape[1]}x${shape[2]}x${shape[3]} = ${size}`);
  }
  return tf.tensor4d(baseline, shape);
}

/** Integrated Gradients with the given options (the rest from IG_DEFAULTS). */
export function integratedGradientsMethod(options: Partial<IntegratedGradientsOptions> = {}): Method {
  const resolved = { ...IG_DEFAULTS, ...options };
  if (resolved.rule !== 'trapezoid' && resolved.rule !== 'midpoint') {
    throw new UsageError(`integrated gradients: rule must be 'trapezoid' or 'midpoint', got '${String(resolved.rule)}'`);
  }
  const minSteps = resolved.rule === 'trapezoid' ? 2 : 1;
  if (!Number.isInteger(resolved.steps) || resolved.steps < minSteps) {
    throw new UsageError(`integrated gradients: steps must be an integer >= ${minSteps} for the ${resolved.rule} rule, got ${resolved.steps}`);
  }
  if (typeof resolved.baseline === 'number' && !Number.isFinite(resolved.baseline)) {
    throw new UsageError(`integrated gradients: the baseline must be a finite number, got ${resolved.baseline}`);
  }
  return inputGradientMethod({
    name: 'integrated-gradients',
    description: `Integrated Gradients (Sundararajan et al. 2017): gradients along the path from a baseline, ${resolved.steps} steps, ${resolved.rule} rule`,
    attribute: integratedGradientsAttribution(resolved),
    channels: 'sum',
  });
}
