import { UsageError } from '../../errors.js';
import type { ThresholdResult } from '../types.js';
import { confidenceThreshold } from './confidence.js';
import { dynamicThreshold } from './dynamic.js';
import { hybridThreshold } from './hybrid.js';
import { otsuThreshold } from './otsu.js';
import { keepTopPercent } from './percentile.js';

/** Which simplification to apply, with its parameters; what the pipeline and the CLI pass around. */
export type ThresholdSpec =
  | { kind: 'percentile'; percent: number }
  | { kind: 'dynamic'; minCoverage?: number; step?: number; maxThreshold?: number }
  | { kind: 'otsu' }
  /** `probability` is the explained class's; explain() fills it in per explanation when it is left out. */
  | { kind: 'confidence'; probability?: number; minPercent?: number; maxPercent?: number }
  | { kind: 'hybrid'; minCoverage?: number; maxCoverage?: number; step?: number; maxThreshold?: number };

export const THRESHOLD_KINDS: readonly ThresholdSpec['kind'][] = ['percentile', 'dynamic', 'otsu', 'confidence', 'hybrid'];

export function applyThreshold(values: ArrayLike<number>, spec: ThresholdSpec): ThresholdResult {
  switch (spec.kind) {
    case 'percentile':
      return keepTopPercent(values, spec.percent);
    case 'dynamic':
      return dynamicThreshold(values, spec);
    case 'otsu':
      return otsuThreshold(values);
    case 'confidence':
      if (spec.probability === undefined) {
        throw new UsageError("the 'confidence' threshold needs the explained class's probability; explain() supplies it, direct callers must");
      }
      return confidenceThreshold(values, { ...spec, probability: spec.probability });
    case 'hybrid':
      return hybridThreshold(values, spec);
    default:
      // Specs also come from JSON and the command line, where the type system cannot vouch for them.
      throw new UsageError(
        `threshold kind must be one of ${THRESHOLD_KINDS.map((k) => `'${k}'`).join(', ')}, got '${(spec as { kind: unknown }).kind}'`,
      );
  }
}

/** The spec with a confidence threshold's probability filled in from the prediction, when the spec left it out. */
export function withProbability(spec: ThresholdSpec, probability: number): ThresholdSpec {
  return spec.kind === 'confidence' && spec.probability === undefined ? { ...spec, probability } : spec;
}
