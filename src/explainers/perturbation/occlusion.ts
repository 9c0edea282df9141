/**
 * Occlusion — Zeiler & Fergus, "Visualizing and Understanding Convolutional Networks", ECCV 2014 (§4.2):
 * a patch slides over the image and the drop in the target's probability when it is covered is credited
 * to the covered pixels; each pixel's value is the mean drop over all patches that cover it. The last
 * patch of each row and column sits flush with the border, so every pixel is covered.
 */
import { UsageError } from '../../errors.js';
import type { Method } from '../method.js';
import { chunks } from './blend.js';
import { perturbationMethod } from './perturbation-method.js';

export interface OcclusionOptions {
  /** Side of the square patch, in input pixels. */
  patch: number;
  /** Step between patches, in input pixels. */
  stride: number;
  /** Value of the occluded pixels in model-input space (0 is the dataset mean for mean/std normalisation). */
  fill: number;
}

/**
 * Patch 15 and stride 8 on 224x224 inputs with baseline 0, as in Captum's Occlusion tutorial (the paper
 * slides a grey square but gives no size).
 */
export const OCCLUSION_DEFAULTS: OcclusionOptions = { patch: 15, stride: 8, fill: 0 };

export function occlusionMethod(options: Partial<OcclusionOptions> = {}): Method {
  const opts = { ...OCCLUSION_DEFAULTS, ...options };
  if (!Number.isInteger(opts.patch) || opts.patch < 1) throw new UsageError(`occlusion patch must be a positive integer, got ${opts.patch}`);
  if (!Number.isInteger(opts.stride) || opts.stride < 1) throw new UsageError(`occlusion stride must be a positive integer, got ${opts.stride}`);
  if (!Number.isFinite(opts.fill)) throw new UsageError(`occlusion fill must be a finite number, got ${opts.fill}`);
  return perturbationMethod(
    'occlusion',
    'Occlusion (Zeiler & Fergus 2014): drop in probability under a sliding 15x15 patch, stride 8',
    async (input, scorer, ctx) => {
      const { width, height } = input;
      const hw = width * height;
      const nc = input.classes.length;
      const patches = patchGrid(width, height, opts.patch, opts.stride);
      const drop = input.classes.map(() => new Float32Array(hw));
      const cover = coverCounts(patches, width, hw);
      for (const chunk of chunks(patches.length, ctx.batchSize)) {
        const keep = new Float32Array(chunk.size * hw).fill(1);
        for (let b = 0; b < chunk.size; b++) forEachCovered(patches[chunk.start + b], width, (p) => { keep[b * hw + p] = 0; });
        const probabilities = await scorer.blendedProbabilities(input.image, keep, opts.fill, input.classes);
        for (let b = 0; b < chunk.size; b++) {
          for (let j = 0; j < nc; j++) {
            const d = input.probabilities[j] - probabilities[b * nc + j];
            forEachCovered(patches[chunk.start + b], width, (p) => { drop[j][p] += d; });
          }
        }
      }
      for (const m of drop) for (let p = 0; p < hw; p++) m[p] /= cover[p];
      return drop;
    },
  );
}

export interface Patch {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Patches at 0, stride, 2 stride ... along each axis, plus one flush with the far border when needed. */
export function patchGrid(width: number, height: number, patch: number, stride: number): Patch[] {
  const pw = Math.min(patch, width);
  const ph = Math.min(patch, height);
  const xs = starts(width, pw, stride);
  const ys = starts(height, ph, stride);
  return ys.flatMap((y) => xs.map((x) => ({ x, y, width: pw, height: ph })));
}

function starts(size: number, patch: number, stride: number): number[] {
  const out: number[] = [];
  for (let s = 0; s + patch <= size; s += stride) out.push(s);
  if (out[out.length - 1] + patch < size) out.push(size - patch);
  return out;
}

function forEachCovered(patch: Patch, width: number, visit: (p: number) => void): void {
  for (let y = patch.y; y < patch.y + patch.height; y++) for (let x = patch.x; x < patch.x + patch.width; x++) visit(y * width + x);
}

function coverCounts(patches: Patch[], width: number, hw: number): Float32Array {
  const out = new Float32Array(hw);
  for (const patch of patches) forEachCovered(patch, width, (p) => { out[p]++; });
  return out;
}
