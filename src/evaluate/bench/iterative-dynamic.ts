/**
 * Ablation: the dynamic threshold by one selection (src/attribution/threshold/dynamic.ts, O(n)) against
 * the ITERATIVE search, written here as the bench's own arm: one pass over the normalised map per candidate
 * threshold, as a reference implementation that loops over the grid does. Both run on real CAM maps
 * upsampled to the input resolution, where a map has tens of thousands of entries; their kept sets are
 * checked to agree.
 */
import { normalizeByMax, positiveMax } from '../../attribution/normalize.js';
import { resizeBilinear } from '../../attribution/resize.js';
import { DYNAMIC_THRESHOLD_DEFAULTS, dynamicThreshold } from '../../attribution/threshold/dynamic.js';
import { gridThreshold, lastGridIndex } from '../../attribution/threshold/grid.js';
import { keepAtOrAbove } from '../../attribution/threshold/result.js';
import type { Attribution, ThresholdResult } from '../../attribution/types.js';
import { speedClaim, type SpeedClaim } from './speed-claim.js';
import { timeInterleaved } from './timing.js';
import { timing, type ArmTiming } from './head-vs-full.js';

export const SELECTION_ARM = 'dynamic threshold, one selection';
export const ITERATIVE_ARM = 'dynamic threshold, iterative (one pass per candidate)';

/** Calls per timed sample: one call on a 224x224 map takes well under a millisecond, below the timer's steadiness. */
export const CALLS_PER_SAMPLE = 20;

/**
 * The iterative dynamic threshold (bench arm, not the library's): for each candidate t = 0, step, ...,
 * maxThreshold, count the entries whose normalised value is >= t and > 0; keep the largest t whose share
 * still meets the coverage floor (t = 0 when none does).
 */
export function iterativeDynamicThreshold(values: Float32Array): ThresholdResult {
  const { minCoverage, step, maxThreshold } = DYNAMIC_THRESHOLD_DEFAULTS;
  const value = minCoverage * 100;
  const max = positiveMax(values);
  if (max === 0) return keepAtOrAbove(values, Infinity, 'dynamic', value);
  let bestCutoff = 0;
  for (let i = 0; i <= lastGridIndex(step, maxThreshold); i++) {
    const t = gridThreshold(i, step);
    let kept = 0;
    let smallest = Infinity;
    for (let j = 0; j < values.length; j++) {
      const normalised = Math.fround(values[j] / max);
      if (normalised >= t && normalised > 0) {
        kept++;
        if (values[j] < smallest) smallest = values[j];
      }
    }
    if (i === 0 || kept / values.length >= minCoverage) bestCutoff = smallest;
  }
  return keepAtOrAbove(values, bestCutoff, 'dynamic', value);
}

export interface IterativeDynamicResult {
  maps: number;
  mapSize: string;
  callsPerSample: number;
  arms: ArmTiming[];
  /** Every map's kept set is identical under both arms. */
  agree: boolean;
  claim: SpeedClaim;
}

/** Each map upsampled (bilinear, as the overlay is) to width x height and normalised to a peak of 1. */
export function upsampledMaps(maps: Attribution[], width: number, height: number): Float32Array[] {
  return maps.map(({ values, topology }) => {
    if (topology.kind !== 'grid2d') throw new Error(`the threshold ablation needs maps on a grid, got a ${topology.kind}`);
    return normalizeByMax(resizeBilinear(values, topology.width, topology.height, width, height)).values;
  });
}

export async function iterativeDynamic(maps: Float32Array[], mapSize: string, runs: number, onRound?: (done: number) => void): Promise<IterativeDynamicResult> {
  let next = 0;
  const repeated = (threshold: (values: Float32Array) => ThresholdResult) => async () => {
    const map = maps[next++ % maps.length];
    for (let c = 0; c < CALLS_PER_SAMPLE; c++) threshold(map);
  };
  const [selection, iterative] = (await timeInterleaved([repeated(dynamicThreshold), repeated(iterativeDynamicThreshold)], runs, 1, onRound))
    .map((times) => times.map((t) => t / CALLS_PER_SAMPLE));
  const agree = maps.every((m) => sameValues(dynamicThreshold(m).values, iterativeDynamicThreshold(m).values));
  return {
    maps: maps.length,
    mapSize,
    callsPerSample: CALLS_PER_SAMPLE,
    arms: [timing(SELECTION_ARM, selection), timing(ITERATIVE_ARM, iterative)],
    agree,
    claim: speedClaim('ablation: dynamic threshold search', { name: SELECTION_ARM, times: selection }, { name: ITERATIVE_ARM, times: iterative }, 0),
  };
}

function sameValues(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
