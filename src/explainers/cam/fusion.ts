/**
 * Multi-layer fusion of CAM maps, as LayerCAM (Jiang et al. 2021) combines shallow layers'
 * fine maps with deep layers' coarse ones: each map ReLU'd and divided by its maximum, bilinearly resized
 * to the largest map's grid, then combined position by position by their mean or maximum. Plain typed
 * arrays, so it runs wherever the maps are. Mean is the default (our choice: every layer counts alike).
 */
import { normalizeByMax } from '../../attribution/normalize.js';
import { resizeBilinear } from '../../attribution/resize.js';
import { UsageError } from '../../errors.js';
import type { Method } from '../method.js';

export type FusionMode = 'mean' | 'max';
export const FUSION_MODES: readonly FusionMode[] = ['mean', 'max'];
export const DEFAULT_FUSION: FusionMode = 'mean';

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

/**
 * `method` run at each of `layers` and the maps fused. Each layer is its own split, so each runs its own
 * forward: a split taps one layer. The classes picked at the first layer are fixed for the others, so every
 * layer explains the same class. Stages: forwardMs, gradientMs and camMs summed over the layers; fusing
 * counts as camMs. The result's layer reads 'a+b'.
 */
export function layerFused(method: Method, layers: readonly string[], mode: FusionMode): Method {
  if (method.family !== 'cam') {
    throw new UsageError(`several layers need a CAM method; '${method.name}' is a ${method.family} method`);
  }
  if (layers.length === 0) throw new UsageError('fusion needs at least one layer, got none');
  if (!FUSION_MODES.includes(mode)) throw new UsageError(`fusion mode must be one of ${FUSION_MODES.join(', ')}, got '${mode}'`);
  return {
    ...method,
    description: `${method.description}; ${mode} of layers ${layers.join(', ')}`,
    async explain(ctx, batch, targets) {
      const first = await method.explain({ ...ctx, layer: layers[0] }, batch, targets);
      const fixed = { classes: first.maps.map((ms) => ms.map((m) => m.classIndex)) };
      const runs = [first];
      for (const layer of layers.slice(1)) runs.push(await method.explain({ ...ctx, layer }, batch, fixed));
      const t0 = performance.now();
      const maps = first.maps.map((ms, img) => ms.map((m, k) => ({ ...m, ...fuseLayers(runs.map((r) => r.maps[img][k]), mode) })));
      const fuseMs = performance.now() - t0;
      const sum = (stage: 'forwardMs' | 'gradientMs' | 'camMs') => runs.reduce((s, r) => s + r.timings[stage], 0);
      return {
        ...first,
        maps,
        layer: runs.map((r) => r.layer).join('+'),
        timings: { forwardMs: sum('forwardMs'), gradientMs: sum('gradientMs'), camMs: sum('camMs') + fuseMs },
        peakTensorBytes: Math.max(...runs.map((r) => r.peakTensorBytes)),
      };
    },
  };
}
