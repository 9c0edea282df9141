import { UsageError } from '../../errors.js';
import type { ThresholdResult } from '../types.js';
import { keepTopPercent } from './percentile.js';

/** Nested regions as usually drawn: the top 1%, 5%, 10% and 20% of the map. */
export const MULTILEVEL_DEFAULT_PERCENTS: readonly number[] = [1, 5, 10, 20];

/** The largest level a Uint8Array level map can number, 0 meaning "no level". */
const MAX_LEVELS = 255;

/** keepTopPercent at each percent, in the order given; each result has kind 'multilevel'. */
export function multiLevelThresholds(
  values: ArrayLike<number>,
  percents: readonly number[] = MULTILEVEL_DEFAULT_PERCENTS,
): ThresholdResult[] {
  return percents.map((percent) => ({ ...keepTopPercent(values, percent), kind: 'multilevel' }));
}

/**
 * For each entry, 1 + the index in `percents` of the tightest level (smallest percent) that keeps it,
 * 0 when no level does. Top-P% kept sets are nested, so drawing each entry at this level gives
 * concentric regions.
 */
export function levelMap(
  values: ArrayLike<number>,
  percents: readonly number[] = MULTILEVEL_DEFAULT_PERCENTS,
): Uint8Array {
  if (percents.length > MAX_LEVELS) {
    throw new UsageError(`at most ${MAX_LEVELS} threshold levels are supported, got ${percents.length}`);
  }
  const tightestFirst = percents.map((percent, index) => ({ percent, index })).sort((a, b) => a.percent - b.percent);
  const levels = multiLevelThresholds(values, tightestFirst.map((level) => level.percent));
  const out = new Uint8Array(values.length);
  // Loosest first, so each tighter level overwrites: entries end at the tightest level keeping them.
  for (let l = levels.length - 1; l >= 0; l--) {
    const kept = levels[l].values;
    const label = tightestFirst[l].index + 1;
    for (let i = 0; i < kept.length; i++) if (kept[i] > 0) out[i] = label;
  }
  return out;
}
