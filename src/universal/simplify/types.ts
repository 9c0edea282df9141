import type { ThresholdResult } from '../../attribution/types.js';
import type { UniversalExplanation } from '../types.js';

/** What a simplification kept, in words: regions, intervals, tokens or a subgraph. */
export type Structure = UniversalExplanation['structure'];

/** The result of one topology-aware simplification. */
export interface Simplified {
  /**
   * The simplified map and what it kept. `coverage` counts every kept position, including zero-valued
   * positions a structure spans (a closed gap, a grown region); `cutoff` is the dynamic threshold the
   * structures were seeded from, since a topology-aware result is not a plain cutoff (a strong speck can be
   * dropped and a weak cell kept to join a region).
   */
  threshold: ThresholdResult;
  /** 1 where a kept structure covers the position, 0 elsewhere. */
  kept: Uint8Array;
  structure: Structure;
  /**
   * How whole the kept evidence is, in [0, 1]: the strongest structure's share of the kept mass (regions,
   * intervals, subgraphs), or for tokens the share of what the kept tokens draw on that is kept too.
   * Undefined when the topology gives nothing to measure it by (tokens without relations).
   */
  coherence?: number;
}

/** The coverage floor every simplifier guarantees, as a share of all positions. */
export interface CoverageOptions {
  /** Least share of positions kept, in (0, 1]; met whenever the map has a positive entry. */
  minCoverage?: number;
}
