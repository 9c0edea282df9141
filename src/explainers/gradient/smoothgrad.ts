/**
 * SmoothGrad — Smilkov, Thorat, Kim, Viégas & Wattenberg, "SmoothGrad: removing noise by adding noise",
 * arXiv:1706.03825, 2017: the saliency map averaged over copies of the image with Gaussian noise added,
 *   M_c(x) = 1/n sum_k |d S_c / d x (x + N(0, sigma^2))|,
 * as Captum's NoiseTunnel (smoothgrad) over Saliency: the per-channel magnitudes are averaged, then a
 * pixel takes its largest channel, as Saliency does. The map is unsigned.
 *
 * The noise is seeded: every (image, class) pair draws the same sequence from the method's seed, so an
 * image's map does not depend on the batch it came in, and classes of one image differ by the model alone.
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../attribution/random.js';
import { UsageError } from '../../errors.js';
import type { Method } from '../method.js';
import { inputGradientMethod, type InputAttribution } from './gradient-core.js';
import { weightedGradientSum, type PointSet } from './score-gradient.js';

export interface SmoothGradOptions {
  /** Noisy copies per image and class. */
  samples: number;
  /** Noise standard deviation as a share of the image's value range (max - min, in model space). */
  noise: number;
}

/** Smilkov et al. 2017, Sec. 3.1: n = 50 samples; noise of 10-20% of the range works best, 15% the middle. */
export const SMOOTHGRAD_DEFAULTS: SmoothGradOptions = { samples: 50, noise: 0.15 };

/** `count` standard normal values from `rng` by the Box-Muller transform. */
export function gaussianNoise(rng: () => number, count: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(1 - rng())); // 1 - u lies in (0, 1]: no log(0)
    const angle = 2 * Math.PI * rng();
    out[i] = radius * Math.cos(angle);
    if (i + 1 < count) out[i + 1] = radius * Math.sin(angle);
  }
  return out;
}

export function smoothGradAttribution(options: SmoothGradOptions): InputAttribution {
  const weights = new Float32Array(options.samples).fill(1 / options.samples);
  return (rows, seed) => {
    const [m, h, w, c] = rows.inputs.shape;
    const perRow: tf.Tensor4D[] = [];
    for (let row = 0; row < m; row++) {
      const image = tf.slice(rows.inputs, [row, 0, 0, 0], [1, -1, -1, -1]) as tf.Tensor4D;
      const sigma = options.noise * (tf.max(image).dataSync()[0] - tf.min(image).dataSync()[0]);
      const rng = mulberry32(seed);
      const cloud: PointSet = {
        count: options.samples,
        weights,
        at: (start, end) => tf.add(image, tf.mul(tf.tensor4d(gaussianNoise(rng, (end - start) * h * w * c), [end - start, h, w, c]), sigma)),
      };
      perRow.push(weightedGradientSum(rows, row, cloud, (g) => tf.abs(g)));
    }
    return tf.concat(perRow);
  };
}

/** SmoothGrad with the given options (the rest from SMOOTHGRAD_DEFAULTS). */
export function smoothGradMethod(options: Partial<SmoothGradOptions> = {}): Method {
  const resolved = { ...SMOOTHGRAD_DEFAULTS, ...options };
  if (!Number.isInteger(resolved.samples) || resolved.samples < 1) {
    throw new UsageError(`smoothgrad: samples must be a positive integer, got ${resolved.samples}`);
  }
  if (!Number.isFinite(resolved.noise) || resolved.noise < 0) {
    throw new UsageError(`smoothgrad: noise must be a share of the input range >= 0, got ${resolved.noise}`);
  }
  return inputGradientMethod({
    name: 'smoothgrad',
    description: `SmoothGrad (Smilkov et al. 2017): saliency averaged over ${resolved.samples} noisy copies (noise ${resolved.noise} of the range)`,
    attribute: smoothGradAttribution(resolved),
    channels: 'max',
  });
}
