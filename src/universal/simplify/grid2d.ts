/**
 * Topology-aware simplification of a 2-D map: connected regions, not speckle. The dynamic threshold (Li
 * 2025; attribution/threshold/dynamic.ts) picks the tightest cut that still meets the coverage floor; its
 * kept entries are split into 8-connected regions, regions smaller than `minArea` are dropped as speckle,
 * and the strongest regions (by mass) are kept until the floor holds. When dropping speckle leaves the
 * kept regions short of the floor, they grow best-first into their strongest neighbours, so the result
 * stays contiguous and the floor is met.
 */
import { dynamicThreshold } from '../../attribution/threshold/dynamic.js';
import { UsageError } from '../../errors.js';
import { growBestFirst } from './best-first.js';
import { floorCount, resolveMinCoverage } from './coverage-floor.js';
import { keptResult, maskOf, percent } from './kept-result.js';
import { connectedRegions, eachNeighbour } from '../../attribution/connectivity.js';
import type { CoverageOptions, Simplified } from './types.js';

export interface GridSimplifyOptions extends CoverageOptions {
  /** Regions of fewer entries are speckle; default: GRID_SIMPLIFY_DEFAULTS.minAreaShare of the grid, at least 1. */
  minArea?: number;
  /** Spacing and top of the dynamic search's thresholds (DYNAMIC_THRESHOLD_DEFAULTS). */
  step?: number;
  maxThreshold?: number;
}

/**
 * A region under 1% of the map is speckle. At CAM resolutions (7x7 to 14x14) that is one or two cells, so
 * only isolated cells go; on pixel-level maps (224x224, 502 pixels) it removes the salt-and-pepper that
 * gradient maps are known for.
 */
export const GRID_SIMPLIFY_DEFAULTS = { minAreaShare: 0.01 } as const;

interface Region {
  label: number;
  size: number;
  mass: number;
}

export function simplifyGrid(values: ArrayLike<number>, width: number, height: number, options: GridSimplifyOptions = {}): Simplified {
  if (!(Number.isSafeInteger(width) && Number.isSafeInteger(height) && width >= 1 && height >= 1) || values.length !== width * height) {
    throw new UsageError(`grid simplification: a ${width}x${height} grid needs ${width * height} values; got ${values.length}`);
  }
  const minCoverage = resolveMinCoverage(options.minCoverage);
  const n = values.length;
  const minArea = options.minArea ?? Math.max(1, Math.round(GRID_SIMPLIFY_DEFAULTS.minAreaShare * n));
  if (!(Number.isSafeInteger(minArea) && minArea >= 1)) throw new UsageError(`minArea must be an integer >= 1, got ${minArea}`);
  const seed = dynamicThreshold(values, { minCoverage, step: options.step, maxThreshold: options.maxThreshold });
  const kept = new Uint8Array(n);
  if (seed.energy === 0) return emptyGrid(values, kept, minCoverage, width, height);

  const { labels, regions } = regionsOf(values, maskOf(seed), width, height);
  const solid = regions.filter((r) => r.size >= minArea);
  // Every region is speckle: the strongest one is still the best evidence there is.
  const ranked = (solid.length > 0 ? solid : regions).sort((a, b) => b.mass - a.mass || a.label - b.label);
  const needed = floorCount(minCoverage, n);
  const chosen = new Uint8Array(regions.length + 1);
  let count = 0;
  for (const r of ranked) {
    if (count >= needed) break;
    chosen[r.label] = 1;
    count += r.size;
  }
  for (let i = 0; i < n; i++) if (chosen[labels[i]] === 1) kept[i] = 1;
  if (count < needed) growBestFirst(values, kept, needed, (i, visit) => eachNeighbour(i, width, height, 8, visit));

  const final = regionsOf(values, kept, width, height).regions;
  const threshold = keptResult(values, kept, 'regions', minCoverage, seed.cutoff);
  const keptMass = final.reduce((s, r) => s + r.mass, 0);
  const largest = final.reduce((best, r) => (r.mass > best.mass ? r : best), final[0]);
  const sizes = final.map((r) => r.size).sort((a, b) => b - a);
  return {
    threshold,
    kept,
    structure: {
      kind: 'regions',
      count: final.length,
      description:
        `${final.length} region${final.length === 1 ? '' : 's'} (8-connected; ${sizes.slice(0, 3).join(', ')}${sizes.length > 3 ? ', ...' : ''} cells) ` +
        `keep ${percent(threshold.energy)} of the mass in ${percent(threshold.coverage)} of the ${width}x${height} grid`,
    },
    coherence: keptMass > 0 ? largest.mass / keptMass : 0,
  };
}

function regionsOf(values: ArrayLike<number>, mask: Uint8Array, width: number, height: number): { labels: Int32Array; regions: Region[] } {
  const { labels, count, sizes } = connectedRegions(mask, width, height, 8);
  const regions: Region[] = Array.from({ length: count }, (_, r) => ({ label: r + 1, size: sizes[r], mass: 0 }));
  for (let i = 0; i < labels.length; i++) if (labels[i] > 0 && values[i] > 0) regions[labels[i] - 1].mass += values[i];
  return { labels, regions };
}

function emptyGrid(values: ArrayLike<number>, kept: Uint8Array, minCoverage: number, width: number, height: number): Simplified {
  return {
    threshold: keptResult(values, kept, 'regions', minCoverage, 0),
    kept,
    structure: { kind: 'regions', count: 0, description: `no positive evidence anywhere on the ${width}x${height} grid` },
    coherence: 0,
  };
}
