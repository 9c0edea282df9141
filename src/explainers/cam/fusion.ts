/**
 * Multi-layer fusion of CAM maps, as LayerCAM (Jiang et al. 2021) combines shallow layers'
 * fine maps with deep layers' coarse ones: each map ReLU'd and divided by its maximum, bilinearly resized
 * to the largest map's grid, then combined position by position by their mean or maximum. Plain typed
 * arrays, so it runs wherever the maps are.
 */
import { normalizeByMax } from '../../attribution/normalize.js';
import { resizeBilinear } from '../../attribution/resize.js';
import { UsageError } from '../../errors.js';

export type FusionMode = 'mean' | 'max';
export const FUSION_MODES: readonly FusionMode[] = ['mean', 'max'];

export interface LayerMap {
  /** Row-major, width*height values. */
  values: ArrayLike<number>;
  width: number;
  height: number;
}

/** The maps of several layers fused on the grid of the largest one (by area; the first on a tie). */
export function fuseLayers(maps: readonly LayerMap[], mode: FusionMode): LayerMap & { values: Float32Array } {
  if (maps.length === 0) throw new UsageError('fusion needs at least one layer map, got none');
  if (!FUSION_MODES.includes(mode)) throw new UsageError(`fusion mode must be one of ${FUSION_MODES.join(', ')}, got '${mode}'`);
  const target = maps.reduce((big, m) => (m.width * m.height > big.width * big.height ? m : big));
  const { width, height } = target;
  const out = new Float32Array(width * height).fill(mode === 'max' ? -Infinity : 0);
  for (const m of maps) {
    const resized = resizeBilinear(normalizeByMax(m.values).values, m.width, m.height, width, height);
    for (let i = 0; i < out.length; i++) out[i] = mode === 'max' ? Math.max(out[i], resized[i]) : out[i] + resized[i] / maps.length;
  }
  return { values: out, width, height };
}
