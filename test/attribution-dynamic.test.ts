import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { normalizeByMax } from '../src/attribution/normalize.js';
import { mulberry32, randomMap } from '../src/attribution/random.js';
import { DYNAMIC_THRESHOLD_DEFAULTS, dynamicThreshold } from '../src/attribution/threshold/dynamic.js';
import { gridThreshold, lastGridIndex } from '../src/attribution/threshold/grid.js';

interface Options {
  minCoverage: number;
  step: number;
  maxThreshold: number;
}

/**
 * The search as a plain loop: one pass over the normalised map per grid threshold, keeping the
 * threshold with the smallest coverage that still meets the floor, t = 0 when none does.
 */
function naiveDynamic(values: Float32Array, { minCoverage, step, maxThreshold }: Options): number[] {
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
  const kept = keptAt(gridThreshold(best, step));
  return Array.from(values, (v, i) => (kept[i] ? v : 0));
}

function smallestPositive(values: ArrayLike<number>): number {
  let smallest = Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] > 0 && values[i] < smallest) smallest = values[i];
  return smallest === Infinity ? 0 : smallest;
}

describe('dynamicThreshold', () => {
  const eight = Float32Array.from([0.12, 0.33, 0.41, 0.58, 0.66, 0.74, 0.87, 1.0]);

  it('picks the tightest grid threshold that still covers minCoverage', () => {
    // Floor 25% of 8 entries = 2: t = 0.85 keeps 0.87 and 1.0, t = 0.9 would keep only 1.0.
    const result = dynamicThreshold(eight, { minCoverage: 0.25, step: 0.05, maxThreshold: 0.95 });
    expect(Array.from(result.values)).toEqual([0, 0, 0, 0, 0, 0, eight[6], 1]);
    expect(result.coverage).toBe(0.25);
    expect(result.cutoff).toBe(eight[6]);
    expect(result.value).toBe(25);
    expect(result.kind).toBe('dynamic');
  });

  it('stops at maxThreshold even when a tighter threshold would still meet the floor', () => {
    const result = dynamicThreshold(eight, { minCoverage: 0.25, step: 0.05, maxThreshold: 0.5 });
    expect(result.cutoff).toBe(eight[3]);
    expect(result.coverage).toBe(5 / 8);
  });

  it('uses 5% coverage, thresholds 0 to 0.5 in steps of 0.05 by default', () => {
    const values = Float32Array.from({ length: 100 }, (_, i) => (i + 1) / 100);
    expect(dynamicThreshold(values)).toEqual(dynamicThreshold(values, DYNAMIC_THRESHOLD_DEFAULTS));
    // 0.50 to 1.00 clear t = 0.5: 51 of 100 entries.
    expect(dynamicThreshold(values).coverage).toBe(0.51);
  });

  it('keeps every positive entry when even t = 0 falls short of the floor', () => {
    const values = new Float32Array(100);
    values[42] = 0.7;
    const result = dynamicThreshold(values, { minCoverage: 0.05 });
    expect(result.coverage).toBe(0.01);
    expect(result.values[42]).toBeCloseTo(0.7, 6);
  });

  it('keeps nothing of an all-zero or all-negative map', () => {
    for (const values of [new Float32Array(9), new Float32Array(9).fill(-1)]) {
      const result = dynamicThreshold(values);
      expect([result.cutoff, result.coverage, result.energy]).toEqual([0, 0, 0]);
    }
  });

  it('keeps a flat positive map whole', () => {
    const result = dynamicThreshold(new Float32Array(20).fill(0.4), { maxThreshold: 0.95 });
    expect(result.coverage).toBe(1);
  });

  it('depends only on the shape of the map: scaling by 4 keeps the same entries', () => {
    const values = randomMap(500, mulberry32(2), { zeroShare: 0.3 });
    const scaled = values.map((v) => v * 4);
    const kept = (r: { values: Float32Array }): boolean[] => Array.from(r.values, (v) => v > 0);
    expect(kept(dynamicThreshold(scaled))).toEqual(kept(dynamicThreshold(values)));
  });

  it('equals the naive grid loop, kept set and cutoff, on many random maps', () => {
    const rng = mulberry32(2024);
    const steps = [0.05, 0.1, 0.01, 0.03, 0.07, 0.25];
    const maxima = [0.5, 0.95, 1, 0.3, 0];
    const floors = [0.05, 0.01, 0.07, 0.2, 0.5, 1, 0.001];
    for (let trial = 0; trial < 600; trial++) {
      const n = trial % 10 === 0 ? 1 : 1 + Math.floor(rng() * 250);
      const shape = trial % 5;
      const values =
        shape === 0
          ? new Float32Array(n).fill(trial % 2 === 0 ? 0 : 0.6)
          : randomMap(n, rng, {
              levels: shape === 1 ? 1 + Math.floor(rng() * 6) : shape === 2 ? 20 : 0,
              zeroShare: rng() * 0.9,
              negativeShare: shape === 4 ? 0.3 : 0,
            });
      const options = {
        minCoverage: floors[Math.floor(rng() * floors.length)],
        step: steps[Math.floor(rng() * steps.length)],
        maxThreshold: maxima[Math.floor(rng() * maxima.length)],
      };
      const result = dynamicThreshold(values, options);
      const expected = naiveDynamic(values, options);
      expect(Array.from(result.values)).toEqual(expected);
      expect(result.cutoff).toBe(smallestPositive(expected));
      expect(result.coverage).toBe(expected.filter((v) => v > 0).length / n);
    }
  });

  it('counts a 7% floor of 100 entries as 7, although 0.07 * 100 rounds up to 7.000000000000001', () => {
    // Entries and grid are multiples of 1/128, exact in binary: only the floor count can go wrong.
    const values = Float32Array.from({ length: 100 }, (_, i) => (i + 29) / 128);
    const options = { minCoverage: 0.07, step: 1 / 128, maxThreshold: 1 };
    const result = dynamicThreshold(values, options);
    expect(result.coverage).toBe(0.07);
    expect(result.value).toBe(7);
    expect(Array.from(result.values)).toEqual(naiveDynamic(values, options));
  });

  it('never keeps an entry whose normalised value underflows to zero, as the naive loop does not', () => {
    const values = Float32Array.from([3e38, 1e-38, 0, 0]);
    const options = { minCoverage: 0.75, step: 0.05, maxThreshold: 0.95 };
    expect(Array.from(dynamicThreshold(values, options).values)).toEqual(naiveDynamic(values, options));
    expect(dynamicThreshold(values, options).coverage).toBe(0.25);
  });

  it('reaches the last grid value despite rounding: 0.95 / 0.05 is 18.999999999999996', () => {
    expect(lastGridIndex(0.05, 0.95)).toBe(19);
    expect(lastGridIndex(0.1, 0.3)).toBe(3);
    expect(lastGridIndex(0.05, 0)).toBe(0);
  });

  it.each([
    [{ minCoverage: 0 }, 'minCoverage must be a fraction in (0, 1], got 0'],
    [{ minCoverage: 5 }, 'minCoverage must be a fraction in (0, 1], got 5'],
    [{ step: 0 }, 'step must be a finite number > 0, got 0'],
    [{ maxThreshold: 1.5 }, 'maxThreshold must be in [0, 1], got 1.5'],
  ])('rejects %o with a UsageError', (options, message) => {
    expect(() => dynamicThreshold([1, 2], options)).toThrow(UsageError);
    expect(() => dynamicThreshold([1, 2], options)).toThrow(message);
  });
});
