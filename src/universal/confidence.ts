/**
 * How much to trust one explanation, in [0, 1], from three parts that each catch a different failure:
 *
 * - margin = p_top - p_second: a model torn between two classes gives an explanation of a near coin-flip
 *   (classification only; regression has no runner-up).
 * - concentration = (E - C) / (1 - C), clamped to [0, 1], where C is the share of positions the
 *   simplification kept and E the share of the map's mass they hold: how far the kept set beats a flat map,
 *   for which E = C. Keeping 60% of the mass in 10% of the positions gives 0.56; a flat map 0; all the mass
 *   in the kept set 1. A map that keeps everything (C = 1) says nothing about where the evidence is: 0.
 * - coherence: how whole the kept structure is (the strongest region's, interval's or component's share
 *   of the kept mass; for tokens, the share of their relations kept with them); see `Simplified.coherence`.
 *
 * The score is the geometric mean of the parts available, so any part near zero pulls it down: a sharp map
 * of a coin-flip prediction, or a confident prediction with a flat map, is not a confident explanation. An
 * all-zero map scores 0 and says so.
 */
import type { ThresholdResult } from '../attribution/types.js';
import type { ConfidenceScore } from './types.js';

export interface ConfidenceInput {
  /** Probability of the explained class; undefined for regression. */
  probability?: number;
  /** Probability of the runner-up class; undefined for regression. */
  runnerUpProbability?: number;
  /** The topology-aware simplification of the map. */
  simplified: ThresholdResult;
  /** Structural coherence in [0, 1]; undefined when the topology has none to measure. */
  coherence?: number;
}

export function confidenceScore(input: ConfidenceInput): ConfidenceScore {
  const { simplified } = input;
  const components: Record<string, number> = {};
  if (input.probability !== undefined && input.runnerUpProbability !== undefined) {
    components.margin = unit(input.probability - input.runnerUpProbability);
  }
  if (!(simplified.energy > 0)) {
    components.concentration = 0;
    return { value: 0, how: '0 because the map holds no positive evidence, so the explanation points at nothing', components };
  }
  const c = simplified.coverage;
  components.concentration = c >= 1 ? 0 : unit((simplified.energy - c) / (1 - c));
  if (input.coherence !== undefined) components.coherence = unit(input.coherence);
  const parts = Object.values(components);
  const value = parts.some((p) => p === 0) ? 0 : Math.exp(parts.reduce((s, p) => s + Math.log(p), 0) / parts.length);
  return { value: unit(value), how: describe(components, simplified), components };
}

/** Clamps to [0, 1]; anything not a number (0/0 upstream) counts as no confidence. */
function unit(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

function describe(components: Record<string, number>, simplified: ThresholdResult): string {
  const pct = (x: number): string => `${(x * 100).toFixed(0)}%`;
  const parts: string[] = [];
  if (components.margin !== undefined) parts.push(`the probability margin p_top - p_second (${components.margin.toFixed(2)})`);
  parts.push(
    `the concentration (E - C) / (1 - C) with E = ${pct(simplified.energy)} of the mass kept in C = ${pct(simplified.coverage)} of the positions (${components.concentration.toFixed(2)})`,
  );
  if (components.coherence !== undefined) parts.push(`the coherence of the kept structure (${components.coherence.toFixed(2)})`);
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  return `Geometric mean of ${list}.`;
}
