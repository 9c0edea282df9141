/**
 * RISE — Petsiuk, Das & Saenko, "RISE: Randomized Input Sampling for Explanation of Black-box Models",
 * BMVC 2018. The saliency of a pixel is the expected target probability over random smooth masks that keep
 * it: S = sum_i P(I . M_i) M_i / (N p) (Eq. 6). Masks multiply the input in model-input space, as the
 * reference code multiplies the normalised tensor. The same masks serve every image and class of a batch.
 */
import { mulberry32 } from '../../attribution/random.js';
import { UsageError } from '../../errors.js';
import type { Method } from '../method.js';
import { chunks } from './blend.js';
import { perturbationMethod } from './perturbation-method.js';
import { riseMasks, type MaskGrid } from './rise-masks.js';

export interface RiseOptions extends MaskGrid {
  /** N: number of masks. */
  masks: number;
}

/** The authors' reference implementation: generate_masks(N=6000, s=8, p1=0.1). */
export const RISE_DEFAULTS: RiseOptions = { masks: 6000, grid: 8, keep: 0.1 };

/** A masked pixel becomes 0 in model-input space (the reference multiplies the normalised input by the mask). */
const MASKED_VALUE = 0;

export function riseMethod(options: Partial<RiseOptions> = {}): Method {
  const opts = { ...RISE_DEFAULTS, ...options };
  if (!Number.isInteger(opts.masks) || opts.masks < 1) throw new UsageError(`RISE masks must be a positive integer, got ${opts.masks}`);
  if (!Number.isInteger(opts.grid) || opts.grid < 1) throw new UsageError(`RISE grid must be a positive integer, got ${opts.grid}`);
  if (!(opts.keep > 0 && opts.keep <= 1)) throw new UsageError(`RISE keep probability must be in (0, 1], got ${opts.keep}`);
  return perturbationMethod(
    'rise',
    'RISE (Petsiuk et al. 2018): probability-weighted sum of random smooth masks (6000 masks, 8x8 grid, p 0.1)',
    async (input, scorer, ctx) => {
      const hw = input.width * input.height;
      const nc = input.classes.length;
      const saliency = input.classes.map(() => new Float32Array(hw));
      // The same seed gives every image of the batch the same masks.
      const rng = mulberry32(ctx.seed);
      for (const chunk of chunks(opts.masks, ctx.batchSize)) {
        const masks = riseMasks(chunk.size, input.width, input.height, opts, rng);
        const probabilities = await scorer.blendedProbabilities(input.image, masks, MASKED_VALUE, input.classes);
        for (let b = 0; b < chunk.size; b++) {
          for (let j = 0; j < nc; j++) addScaled(saliency[j], masks.subarray(b * hw, (b + 1) * hw), probabilities[b * nc + j]);
        }
      }
      for (const s of saliency) for (let p = 0; p < hw; p++) s[p] /= opts.masks * opts.keep;
      return saliency;
    },
  );
}

function addScaled(target: Float32Array, values: Float32Array, scale: number): void {
  for (let i = 0; i < target.length; i++) target[i] += scale * values[i];
}
