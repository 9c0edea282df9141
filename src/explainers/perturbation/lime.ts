/**
 * LIME for images — Ribeiro, Singh & Guestrin, "Why Should I Trust You?": Explaining the Predictions of
 * Any Classifier", KDD 2016, as the authors' lime_image does it. The image is cut into superpixels
 * (quickshift by default); each sample switches every superpixel on or off at random (the first sample
 * keeps all on), an off superpixel showing its own mean colour (hide_color=None); samples are weighted by
 * sqrt(exp(-d^2 / w^2)) of their cosine distance d to the all-on vector, and a weighted ridge regression
 * of the target's probability on the on/off vectors gives one coefficient per superpixel: the map paints
 * each pixel with its superpixel's coefficient. lime_image asks for 100000 features, so its 'auto' feature
 * selection keeps every superpixel: the surrogate here is fit on all of them.
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../attribution/random.js';
import { UsageError } from '../../errors.js';
import type { Method } from '../method.js';
import { chunks } from './blend.js';
import { displayRgb } from './display-rgb.js';
import { perturbationMethod, type ImageToExplain } from './perturbation-method.js';
import type { ProbabilityScorer } from './probability-scorer.js';
import { weightedRidge } from './ridge.js';
import { QUICKSHIFT_DEFAULTS } from './superpixels/quickshift.js';
import { segment, type SegmenterSpec } from './superpixels/segment.js';
import { segmentCount } from './superpixels/pixel-image.js';

export interface LimeOptions {
  /** Perturbed samples (the first is the unperturbed image). */
  samples: number;
  segmentation: SegmenterSpec;
  /** Width w of the exponential kernel on cosine distance. */
  kernelWidth: number;
  /** Ridge penalty of the surrogate model. */
  alpha: number;
}

/** lime_image: num_samples=1000, quickshift(4, 200, 0.2), kernel_width=0.25, Ridge(alpha=1). */
export const LIME_DEFAULTS: LimeOptions = {
  samples: 1000,
  segmentation: { kind: 'quickshift', ...QUICKSHIFT_DEFAULTS },
  kernelWidth: 0.25,
  alpha: 1,
};

export function limeMethod(options: Partial<LimeOptions> = {}): Method {
  const opts = { ...LIME_DEFAULTS, ...options };
  if (!Number.isInteger(opts.samples) || opts.samples < 2) throw new UsageError(`LIME samples must be an integer >= 2, got ${opts.samples}`);
  if (!(opts.kernelWidth > 0)) throw new UsageError(`LIME kernel width must be > 0, got ${opts.kernelWidth}`);
  if (!(opts.alpha > 0)) throw new UsageError(`LIME ridge alpha must be > 0, got ${opts.alpha}`);
  return perturbationMethod(
    'lime',
    'LIME (Ribeiro et al. 2016): ridge surrogate over random on/off superpixels (quickshift, 1000 samples)',
    async (input, scorer, ctx) => {
      const segments = segment(displayRgb(input.data, input.width, input.height, ctx.model.inputSpec.preprocess), opts.segmentation, ctx.seed);
      const k = segmentCount(segments);
      const coalitions = sampleCoalitions(opts.samples, k, mulberry32(ctx.seed));
      const probabilities = await scoreCoalitions(input, segments, k, coalitions, scorer, ctx.batchSize);
      const weights = cosineKernelWeights(coalitions, opts.samples, k, opts.kernelWidth);
      return input.classes.map((_, j) => {
        const y = Float64Array.from({ length: opts.samples }, (_, s) => probabilities[s * input.classes.length + j]);
        const { coefficients } = weightedRidge(coalitions, y, weights, k, opts.alpha);
        return Float32Array.from(segments, (label) => coefficients[label]);
      });
    },
  );
}

/** samples x k on/off choices, fair coins, the first row all on. */
export function sampleCoalitions(samples: number, k: number, rng: () => number): Uint8Array {
  const out = new Uint8Array(samples * k);
  out.fill(1, 0, k);
  for (let i = k; i < out.length; i++) out[i] = rng() < 0.5 ? 1 : 0;
  return out;
}

/** sqrt(exp(-d^2 / w^2)) of each row's cosine distance to the all-on row (an all-off row is at distance 1). */
export function cosineKernelWeights(coalitions: Uint8Array, samples: number, k: number, width: number): Float64Array {
  const out = new Float64Array(samples);
  for (let s = 0; s < samples; s++) {
    let on = 0;
    for (let i = 0; i < k; i++) on += coalitions[s * k + i];
    // x . 1 / (|x| |1|) with x binary: on / (sqrt(on) sqrt(k)).
    const d = on === 0 ? 1 : 1 - Math.sqrt(on / k);
    out[s] = Math.sqrt(Math.exp(-(d * d) / (width * width)));
  }
  return out;
}

/** Each superpixel's mean value per channel, painted over its pixels: what an off superpixel shows. */
export function segmentMeans(data: Float32Array, segments: Int32Array, k: number, channels: number): Float32Array {
  const sums = new Float64Array(k * channels);
  const counts = new Float64Array(k);
  segments.forEach((label, p) => {
    counts[label]++;
    for (let c = 0; c < channels; c++) sums[label * channels + c] += data[p * channels + c];
  });
  const out = new Float32Array(data.length);
  segments.forEach((label, p) => {
    for (let c = 0; c < channels; c++) out[p * channels + c] = sums[label * channels + c] / counts[label];
  });
  return out;
}

async function scoreCoalitions(
  input: ImageToExplain,
  segments: Int32Array,
  k: number,
  coalitions: Uint8Array,
  scorer: ProbabilityScorer,
  batchSize: number,
): Promise<Float32Array> {
  const samples = coalitions.length / k;
  const hw = input.width * input.height;
  const out = new Float32Array(samples * input.classes.length);
  const hidden = tf.tensor4d(segmentMeans(input.data, segments, k, input.channels), [1, input.height, input.width, input.channels]);
  try {
    for (const chunk of chunks(samples, batchSize)) {
      const keep = new Float32Array(chunk.size * hw);
      for (let b = 0; b < chunk.size; b++) {
        const row = (chunk.start + b) * k;
        for (let p = 0; p < hw; p++) keep[b * hw + p] = coalitions[row + segments[p]];
      }
      out.set(await scorer.blendedProbabilities(input.image, keep, hidden, input.classes), chunk.start * input.classes.length);
    }
  } finally {
    hidden.dispose();
  }
  return out;
}
