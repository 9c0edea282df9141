/**
 * Topology-aware simplification of a per-token map: relational context for transformers. A token's
 * importance says little without the tokens it draws on (a negation, the noun an adjective qualifies), so
 * every kept token brings along the token its relations row weighs most (rollout row i: how much token i
 * draws on each token; Abnar & Zuidema 2020). The important tokens are those the dynamic threshold keeps;
 * when they and their context fall short of the coverage floor, further tokens join in order of importance,
 * each again with its context.
 */
import { dynamicThreshold } from '../../attribution/threshold/dynamic.js';
import { UsageError } from '../../errors.js';
import { rankValue } from './best-first.js';
import { floorCount, resolveMinCoverage } from './coverage-floor.js';
import { keptResult, maskOf, percent } from './kept-result.js';
import type { CoverageOptions, Simplified } from './types.js';

export interface TokenSimplifyOptions extends CoverageOptions {
  /** [T, T] row-major: row i is how much token i draws on each token. Without it, tokens are kept alone. */
  relations?: Float32Array;
  /** Token strings, to name the kept tokens in the description. */
  labels?: readonly string[];
  step?: number;
  maxThreshold?: number;
}

/** How many kept tokens the description names. */
const NAMED_TOKENS = 5;

export function simplifyTokens(values: ArrayLike<number>, options: TokenSimplifyOptions = {}): Simplified {
  const n = values.length;
  if (n === 0) throw new UsageError('token simplification: the map has no tokens');
  const { relations, labels } = options;
  if (relations && relations.length !== n * n) {
    throw new UsageError(`token simplification: relations must be ${n}x${n} = ${n * n} values for ${n} tokens; got ${relations.length}`);
  }
  const minCoverage = resolveMinCoverage(options.minCoverage);
  const seed = dynamicThreshold(values, { minCoverage, step: options.step, maxThreshold: options.maxThreshold });
  const kept = new Uint8Array(n);
  if (seed.energy === 0) {
    return {
      threshold: keptResult(values, kept, 'tokens', minCoverage, 0),
      kept,
      structure: { kind: 'tokens', count: 0, description: `no positive evidence in ${n} tokens` },
      coherence: relations ? 0 : undefined,
    };
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => rankValue(values[b]) - rankValue(values[a]) || a - b);
  const important = maskOf(seed);
  const needed = floorCount(minCoverage, n);
  const primary = new Uint8Array(n);
  const context: number[] = [];
  let count = 0;
  const keep = (i: number): void => {
    if (kept[i] === 0) count++;
    kept[i] = 1;
  };
  for (const i of order) {
    if (important[i] === 0 && count >= needed) break;
    if (primary[i] === 1) continue;
    primary[i] = 1;
    keep(i);
    const j = relations ? strongestRelation(relations, n, i) : -1;
    if (j >= 0 && kept[j] === 0) {
      keep(j);
      context.push(j);
    }
  }
  const primaries = order.filter((i) => primary[i] === 1);
  const threshold = keptResult(values, kept, 'tokens', minCoverage, seed.cutoff);
  const name = (i: number): string => (labels?.[i] !== undefined ? JSON.stringify(labels[i]) : `#${i}`);
  const contextOnly = context.filter((j) => primary[j] === 0);
  const named = primaries.slice(0, NAMED_TOKENS).map(name).join(', ') + (primaries.length > NAMED_TOKENS ? ', ...' : '');
  const drawnOn = contextOnly.length > 0 ? ` and ${contextOnly.length} they draw on most (${contextOnly.slice(0, NAMED_TOKENS).map(name).join(', ')})` : '';
  return {
    threshold,
    kept,
    structure: {
      kind: 'tokens',
      count,
      description: `${primaries.length} token${primaries.length === 1 ? '' : 's'} (${named})${drawnOn} keep ${percent(threshold.energy)} of the mass in ${percent(threshold.coverage)} of ${n} tokens`,
    },
    coherence: relations ? keptRelationShare(values, relations, n, primaries, kept) : undefined,
  };
}

/** The token i draws on most besides itself (the lowest index on ties); -1 when it draws on no other. */
export function strongestRelation(relations: Float32Array, n: number, i: number): number {
  let best = -1;
  let bestWeight = 0;
  for (let j = 0; j < n; j++) {
    const w = relations[i * n + j];
    if (j !== i && w > bestWeight) {
      best = j;
      bestWeight = w;
    }
  }
  return best;
}

/**
 * Of what the kept important tokens draw on from other tokens, the share that is kept too, averaged with
 * the tokens' importances as weights: 1 when every kept token's context is kept, lower when the
 * explanation shows tokens cut off from what they depend on. A token that draws on no other counts as whole.
 */
function keptRelationShare(values: ArrayLike<number>, relations: Float32Array, n: number, primaries: number[], kept: Uint8Array): number {
  let weighted = 0;
  let weights = 0;
  for (const i of primaries) {
    const w = rankValue(values[i]);
    let drawn = 0;
    let keptDrawn = 0;
    for (let j = 0; j < n; j++) {
      const r = relations[i * n + j];
      if (j === i || !(r > 0)) continue;
      drawn += r;
      if (kept[j] === 1) keptDrawn += r;
    }
    weighted += w * (drawn > 0 ? keptDrawn / drawn : 1);
    weights += w;
  }
  return weights > 0 ? weighted / weights : 0;
}
