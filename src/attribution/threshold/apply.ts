import { UsageError } from '../../errors.js';
import type { ThresholdResult } from '../types.js';
import { dynamicThreshold } from './dynamic.js';
import { otsuThreshold } from './otsu.js';
import { keepTopPercent } from './percentile.js';

/** Which simplification to apply, with its parameters; what the pipeline and the CLI pass around. */
export type ThresholdSpec =
  | { kind: 'percentile'; percent: number }
  | { kind: 'dynamic'; minCoverage?: number; step?: number; maxThreshold?: number }
  | { kind: 'otsu' };

export function applyThreshold(values: ArrayLike<number>, spec: ThresholdSpec): ThresholdResult {
  switch (spec.kind) {
    case 'percentile':
      return keepTopPercent(values, spec.percent);
    case 'dynamic':
      return dynamicThreshold(values, spec);
    case 'otsu':
      return otsuThreshold(values);
    default:
      // Specs also come from JSON and the command line, where the type system cannot vouch for them.
      throw new UsageError(
        `threshold kind must be 'percentile', 'dynamic' or 'otsu', got '${(spec as { kind: unknown }).kind}'`,
      );
  }
}
