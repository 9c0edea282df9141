import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { normalizeByMax } from '../src/attribution/normalize.js';
import { mulberry32, randomMap } from '../src/attribution/random.js';
import { applyThreshold } from '../src/attribution/threshold/apply.js';
import { dynamicThreshold } from '../src/attribution/threshold/dynamic.js';
import { gridThreshold, lastGridIndex } from '../src/attribution/threshold/grid.js';
import { HYBRID_THRESHOLD_DEFAULTS, hybridDecision, hybridThreshold } from '../src/attribution/threshold/hybrid.js';
import { binOf, OTSU_DEFAULT_BINS } from '../src/attribution/threshold/otsu.js';

/** Kept flags of Otsu by its definition: every split's between-class variance from class means, O(bins²). */
function naiveOtsuKept(values: Float32Array, bins: number): boolean[] {
  const normalized = normalizeByMax(values).values;
  const binned = Array.from(normalized, (v) => binOf(v, bins));
  let best = 0;
  let bestVariance = -1;
  for (let k = 1; k < bins; k++) {
    const lower = binned.filter((b) => b < k);
    const upper = binned.filter((b) => b >= k);
    if (lower.length === 0 || upper.length === 0) continue;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = (lower.length * upper.length * (mean(upper) - mean(lower)) ** 2) / binned.length ** 2;
    // Strictly greater, so ties go to the lowest split; 1e-9 absorbs the float noise of the means.
    if (variance > bestVariance + 1e-9) {
      best = k;
      bestVariance = variance;
    }
  }
  return Array.from(normalized, (v, i) => v > 0 && binned[i] >= best);
}

/** Kept flags of the dynamic search as a plain loop over the grid. */
function naiveDynamicKept(values: Float32Array, minCoverage: number, step: number, maxThreshold: number): boolean[] {
  const normalized = normalizeByMax(values).values;
  const keptAt = (t: number): boolean[] => Array.from(normalized, (v) => v >= t && v > 0);
  let best = 0;
  let bestCoverage = Infinity;
  for (let i = 0; i <= lastGridIndex(step, maxThreshold); i++) {
    const coverage = keptAt(gridThreshold(i, step)).filter(Boolean).length / values.length;
    if (coverage >= minCoverage && coverage < bestCoverage) {
      best = i;
      bestCoverage = coverage;
    }
  }
  return keptAt(gridThreshold(best, step));
}

/** Kept flags of the top P% by sorting, ties at the cutoff kept, positives only. */
function naiveTopKept(values: Float32Array, percent: number): boolean[] {
  const sorted = Array.from(values).sort((a, b) => b - a);
  const k = Math.min(values.length, Math.max(1, Math.ceil((percent * values.length) / 100)));
  return Array.from(values, (v) => v > 0 && v >= sorted[k - 1]);
}

const count = (kept: boolean[]) => kept.filter(Boolean).length;

/** The hybrid as the module doc states it: the larger of Otsu's and the floor's kept sets, cut to the top maxCoverage if larger. */
function naiveHybrid(values: Float32Array, minCoverage: number, maxCoverage: number): number[] {
  const { step, maxThreshold } = HYBRID_THRESHOLD_DEFAULTS;
  const otsu = naiveOtsuKept(values, OTSU_DEFAULT_BINS);
  const floor = naiveDynamicKept(values, minCoverage, step, maxThreshold);
  let kept = count(otsu) >= count(floor) ? otsu : floor;
  if (count(kept) / values.length > maxCoverage) {
    const capped = naiveTopKept(values, maxCoverage * 100);
    if (count(capped) < count(kept)) kept = capped;
  }
  return Array.from(values, (v, i) => (kept[i] ? v : 0));
}

describe('hybridThreshold', () => {
  it("keeps Otsu's upper mode when it lies between the floor and the cap", () => {
    // 20 entries near 0.9 of 100, the rest near 0.1: Otsu keeps 20%, within [5%, 30%].
    const values = Float32Array.from({ length: 100 }, (_, i) => (i < 20 ? 0.9 + i * 1e-3 : 0.1 + (i % 7) * 1e-3));
    const { result, rule } = hybridDecision(values);
    expect(rule).toBe('otsu');
    expect(result.coverage).toBe(0.2);
    expect(result.kind).toBe('hybrid');
    expect(result.value).toBe(5);
  });

  it('falls back to the coverage floor when Otsu keeps a lone peak', () => {
    // One peak at 1 over a narrow band in [0.2, 0.3): Otsu splits the peak from the band and keeps 1 entry of
    // 200. A grid step of 0.01 lets the floor stop just inside the band: t = 0.29 keeps about a tenth of it.
    const values = Float32Array.from({ length: 200 }, (_, i) => (i === 50 ? 1 : 0.2 + (i / 200) * 0.1));
    const { result, rule } = hybridDecision(values, { step: 0.01 });
    expect(rule).toBe('coverage-floor');
    expect(Array.from(result.values)).toEqual(Array.from(dynamicThreshold(values, { step: 0.01 }).values));
    expect(result.coverage).toBeGreaterThanOrEqual(0.05);
    expect(result.coverage).toBeLessThan(0.15);
  });

  it('caps a map without a clear mode at maxCoverage', () => {
    // A uniform ramp: Otsu splits it in half, above the 30% cap.
    const values = Float32Array.from({ length: 100 }, (_, i) => (i + 1) / 100);
    const { result, rule } = hybridDecision(values);
    expect(rule).toBe('coverage-cap');
    expect(result.coverage).toBe(0.3);
    expect(result.cutoff).toBeCloseTo(0.71, 6);
  });

  it('keeps the same entries as the naive Otsu, grid loop and sort on many random maps', () => {
    const rng = mulberry32(404);
    const rules = new Set<string>();
    for (let trial = 0; trial < 120; trial++) {
      const values = randomMap(1 + Math.floor(rng() * 250), rng, {
        zeroShare: trial % 2 ? 0.4 : 0,
        negativeShare: trial % 5 === 0 ? 0.2 : 0,
        levels: trial % 3 === 0 ? 6 : 0,
      });
      // Bias half the maps towards a peak, the shape Grad-CAM maps have.
      if (trial % 2 === 0) for (let i = 0; i < values.length; i++) values[i] = values[i] > 0 ? values[i] ** 4 : values[i];
      const minCoverage = [0.02, 0.05, 0.1][trial % 3];
      const maxCoverage = [0.1, 0.3, 0.6][trial % 3];
      const { result, rule } = hybridDecision(values, { minCoverage, maxCoverage });
      rules.add(rule);
      expect(Array.from(result.values)).toEqual(naiveHybrid(values, minCoverage, maxCoverage));
    }
    // The maps exercise every branch of the rule.
    expect([...rules].sort()).toEqual(['coverage-cap', 'coverage-floor', 'otsu']);
  });

  it('keeps between the floor and the cap whenever the map has enough distinct positive entries', () => {
    const rng = mulberry32(405);
    for (let trial = 0; trial < 60; trial++) {
      const values = randomMap(400, rng, { zeroShare: 0.2 });
      if (trial % 2 === 0) for (let i = 0; i < values.length; i++) values[i] **= 3;
      const r = hybridThreshold(values, { minCoverage: 0.05, maxCoverage: 0.25 });
      expect(r.coverage).toBeGreaterThanOrEqual(0.05);
      expect(r.coverage).toBeLessThanOrEqual(0.25);
    }
  });

  it('keeps a flat map whole (ties at the cap cutoff), an all-zero map empty, and a single peak with the floor, never NaN', () => {
    const flat = hybridDecision(new Float32Array(50).fill(0.3));
    expect(flat.result.coverage).toBe(1);
    const zero = hybridThreshold(new Float32Array(50));
    expect([zero.coverage, zero.energy, zero.cutoff]).toEqual([0, 0, 0]);
    const peak = new Float32Array(100);
    peak[10] = 1;
    const single = hybridThreshold(peak);
    // Only one positive entry: every rule keeps just it.
    expect(single.coverage).toBe(0.01);
    expect(single.energy).toBe(1);
    const empty = hybridThreshold(new Float32Array(0));
    expect([empty.coverage, empty.energy]).toEqual([0, 0]);
    for (const r of [flat.result, zero, single, empty]) for (const v of [r.coverage, r.energy, r.cutoff]) expect(Number.isFinite(v)).toBe(true);
  });

  it('rejects a cap below the floor or outside (0, 1] with a usage error', () => {
    expect(() => hybridThreshold([0.5, 1], { minCoverage: 0.4, maxCoverage: 0.2 })).toThrow(UsageError);
    expect(() => hybridThreshold([0.5, 1], { minCoverage: 0.4, maxCoverage: 0.2 })).toThrow('must not exceed maxCoverage');
    expect(() => hybridThreshold([0.5, 1], { maxCoverage: 0 })).toThrow('maxCoverage must be a fraction in (0, 1]');
    expect(() => hybridThreshold([0.5, 1], { minCoverage: 0 })).toThrow(UsageError);
  });

  it('runs through applyThreshold with its options', () => {
    const values = randomMap(300, mulberry32(3), { zeroShare: 0.2 });
    expect(applyThreshold(values, { kind: 'hybrid', maxCoverage: 0.2 })).toEqual(hybridThreshold(values, { maxCoverage: 0.2 }));
  });
});
