import type { ThresholdResult } from '../../attribution/types.js';

/**
 * The ThresholdResult of a kept mask: kept positions keep their (non-negative) value, the rest are zero;
 * coverage counts kept positions, energy the positive mass they hold. Negative entries count as no evidence,
 * as everywhere in attribution/.
 */
export function keptResult(values: ArrayLike<number>, kept: Uint8Array, kind: string, minCoverage: number, cutoff: number): ThresholdResult {
  const out = new Float32Array(values.length);
  let count = 0;
  let keptMass = 0;
  let totalMass = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] > 0 ? values[i] : 0;
    totalMass += v;
    if (kept[i] === 0) continue;
    count++;
    keptMass += v;
    out[i] = v;
  }
  return {
    values: out,
    kind,
    // 12 significant digits, as the dynamic threshold reports its floor: 0.07 * 100 is 7.000000000000001.
    value: Number((minCoverage * 100).toPrecision(12)),
    cutoff,
    coverage: values.length === 0 ? 0 : count / values.length,
    energy: totalMass === 0 ? 0 : keptMass / totalMass,
  };
}

/** The seed of every simplifier: the positions the dynamic threshold keeps (positive and >= its cutoff). */
export function maskOf(result: ThresholdResult): Uint8Array {
  const mask = new Uint8Array(result.values.length);
  for (let i = 0; i < mask.length; i++) mask[i] = result.values[i] > 0 ? 1 : 0;
  return mask;
}

export function countKept(kept: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < kept.length; i++) n += kept[i];
  return n;
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
