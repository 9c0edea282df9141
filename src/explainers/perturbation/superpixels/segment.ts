/** One entry point for the superpixel algorithms, chosen by name with the algorithm's own options. */
import { felzenszwalb, type FelzenszwalbOptions } from './felzenszwalb.js';
import type { PixelImage } from './pixel-image.js';
import { quickshift, type QuickshiftOptions } from './quickshift.js';
import { slic, type SlicOptions } from './slic.js';

export type SegmenterSpec =
  | ({ kind: 'quickshift' } & Partial<QuickshiftOptions>)
  | ({ kind: 'slic' } & Partial<SlicOptions>)
  | ({ kind: 'felzenszwalb' } & Partial<FelzenszwalbOptions>);

/** Labels 0..K-1, one per pixel, row-major. `seed` breaks quickshift's ties; the others are deterministic. */
export function segment(image: PixelImage, spec: SegmenterSpec, seed = 0): Int32Array {
  switch (spec.kind) {
    case 'quickshift':
      return quickshift(image, spec, seed);
    case 'slic':
      return slic(image, spec);
    case 'felzenszwalb':
      return felzenszwalb(image, spec);
  }
}
