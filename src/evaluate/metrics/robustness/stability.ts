/**
 * Stability of a stochastic method (LIME, RISE, SmoothGrad...) across seeds: the mean Pearson
 * correlation over every pair of maps computed with different seeds. 1: the seed does not matter.
 */
import { UsageError } from '../../../errors.js';
import { pearson } from '../correlation.js';

/** Five runs give ten pairs; no paper fixes the number, so it is kept small enough to run per image. */
export const STABILITY_SEEDS = [0, 1, 2, 3, 4];

export function meanPairwiseCorrelation(maps: ArrayLike<number>[]): number {
  if (maps.length < 2) throw new UsageError(`stability needs maps from at least 2 seeds, got ${maps.length}`);
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < maps.length; i++) {
    for (let j = i + 1; j < maps.length; j++) {
      sum += pearson(maps[i], maps[j]);
      pairs++;
    }
  }
  return sum / pairs;
}

/** Run the method once per seed (one after another, so runs never share state) and compare the maps. */
export async function stabilityAcrossSeeds(
  explainWithSeed: (seed: number) => Promise<ArrayLike<number>>,
  seeds: number[] = STABILITY_SEEDS,
): Promise<number> {
  const maps: ArrayLike<number>[] = [];
  for (const seed of seeds) maps.push(await explainWithSeed(seed));
  return meanPairwiseCorrelation(maps);
}
