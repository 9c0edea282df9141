import { resizeBilinear } from '../../../attribution/resize.js';
import type { Attribution } from '../../../attribution/types.js';
import { UsageError } from '../../../errors.js';

/**
 * The map at the input's resolution, one value per pixel: a plain array must already be width x height;
 * a Grid2D attribution at another size (a layer's grid) is upsampled bilinearly, as overlays do.
 */
export function mapAtInput(map: Attribution | ArrayLike<number>, width: number, height: number): ArrayLike<number> {
  if (!('topology' in map)) {
    if (map.length !== width * height) {
      throw new UsageError(`the map must hold one value per input pixel (${width}x${height} = ${width * height}), got ${map.length}; pass an Attribution to have it upsampled`);
    }
    return map;
  }
  const { topology, values } = map;
  if (topology.kind !== 'grid2d') throw new UsageError(`image metrics need a grid2d attribution, got ${topology.kind}`);
  if (topology.width === width && topology.height === height) return values;
  return resizeBilinear(values, topology.width, topology.height, width, height);
}

/** Pixel indices from the most to the least relevant; equal values keep row-major order, so runs repeat exactly. */
export function mostRelevantFirst(map: ArrayLike<number>): Int32Array {
  return Int32Array.from({ length: map.length }, (_, i) => i).sort((i, j) => map[j] - map[i] || i - j);
}
