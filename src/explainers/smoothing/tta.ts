/**
 * Augmentation smoothing (pytorch-grad-cam's `aug_smooth`): the method is run on flipped and rescaled copies
 * of the batch, each map is carried back to the original geometry, and the maps are averaged. Every variant
 * explains the classes picked on the original images, so all of them explain the same thing.
 *
 * The six variants pair a horizontal flip with the factors 0.9, 1, 1.1 of pytorch-grad-cam's
 * forward_augmentation_smoothing (ttach HorizontalFlip x Multiply([0.9, 1, 1.1])). There the factors
 * multiply pixel intensities; here they rescale the image about its centre (ttach's Scale transform), so
 * that the average also smooths over small changes of object size and position.
 *
 * Each variant's map is ReLU'd and divided by its maximum before the average, as pytorch-grad-cam scales
 * each variant's map before averaging; a cell is averaged over the variants that saw it (a zoomed-in variant
 * crops the border off). Stages: forwardMs every variant's forward plus making the variants, gradientMs
 * every variant's gradient, camMs every variant's map plus carrying them back and averaging.
 */
import { normalizeByMax } from '../../attribution/normalize.js';
import type { CamMap } from '../cam/cam-core.js';
import type { Method, MethodResult } from '../method.js';
import { augmentBatch } from './augment.js';
import { mapBack, type TtaVariant } from './geometry.js';

/** pytorch-grad-cam's aug_smooth: flip x factors 0.9, 1, 1.1 (base_cam.py, forward_augmentation_smoothing). */
export const TTA_VARIANTS: readonly TtaVariant[] = [false, true].flatMap((flip) => [0.9, 1, 1.1].map((scale) => ({ flip, scale })));

/** `method` with its maps averaged over the augmented variants of each batch. */
export function augmentationSmoothed(method: Method, variants: readonly TtaVariant[] = TTA_VARIANTS): Method {
  return {
    ...method,
    description: `${method.description}; averaged over ${variants.length} flipped and rescaled variants`,
    async explain(ctx, batch, targets) {
      const original = await method.explain(ctx, batch, targets);
      const fixed = { classes: original.maps.map((ms) => ms.map((m) => m.classIndex)) };
      const runs: MethodResult[] = [];
      let augmentMs = 0;
      for (const variant of variants) {
        if (isIdentity(variant)) {
          runs.push(original);
          continue;
        }
        const t0 = performance.now();
        const augmented = augmentBatch(batch, variant);
        augmentMs += performance.now() - t0;
        runs.push(await method.explain(ctx, augmented, fixed).finally(() => augmented.dispose()));
      }
      const t1 = performance.now();
      const [, height, width] = batch.shape;
      const maps = original.maps.map((ms, img) => ms.map((m, k) => averagedMap(m, runs.map((r) => r.maps[img][k]), variants, { width, height })));
      const mergeMs = performance.now() - t1;
      const counted = variants.some(isIdentity) ? runs : [original, ...runs];
      const sum = (stage: 'forwardMs' | 'gradientMs' | 'camMs') => counted.reduce((s, r) => s + r.timings[stage], 0);
      return {
        ...original,
        maps,
        timings: { forwardMs: sum('forwardMs') + augmentMs, gradientMs: sum('gradientMs'), camMs: sum('camMs') + mergeMs },
        peakTensorBytes: Math.max(...counted.map((r) => r.peakTensorBytes)),
      };
    },
  };
}

function isIdentity(v: TtaVariant): boolean {
  return !v.flip && v.scale === 1;
}

/** The variants' maps of one (image, class), each normalised and carried back, averaged where seen. */
function averagedMap(template: CamMap, maps: CamMap[], variants: readonly TtaVariant[], input: { width: number; height: number }): CamMap {
  const { width, height } = template;
  const sum = new Float32Array(width * height);
  const seen = new Uint8Array(width * height);
  maps.forEach((m, v) => {
    const back = mapBack(normalizeByMax(m.values).values, width, height, variants[v], input);
    for (let i = 0; i < sum.length; i++) {
      sum[i] += back.values[i] * back.covered[i];
      seen[i] += back.covered[i];
    }
  });
  return { ...template, values: sum.map((s, i) => (seen[i] > 0 ? s / seen[i] : 0)) };
}
