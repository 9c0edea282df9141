import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { normalizeByMax } from '../src/attribution/normalize.js';
import { mulberry32, randomMap } from '../src/attribution/random.js';
import { betweenClassScore, binOf, otsuSplit, otsuThreshold } from '../src/attribution/threshold/otsu.js';

/** Otsu by its definition: every split scored from class sums recounted from scratch, O(bins²). */
function naiveSplit(counts: Float64Array): number {
  let total = 0;
  let totalSum = 0;
  counts.forEach((c, b) => {
    total += c;
    totalSum += b * c;
  });
  let best = 0;
  let bestScore = -1;
  for (let k = 1; k < counts.length; k++) {
    let n0 = 0;
    let s0 = 0;
    for (let b = 0; b < k; b++) {
      n0 += counts[b];
      s0 += b * counts[b];
    }
    const score = betweenClassScore(n0, s0, total, totalSum);
    if (score > bestScore) {
      best = k;
      bestScore = score;
    }
  }
  return best;
}

/** The kept set by definition: bin the normalised map, split naively, keep positive entries at or above. */
function naiveOtsu(values: Float32Array, bins: number): number[] {
  const normalized = normalizeByMax(values).values;
  const counts = new Float64Array(bins);
  for (const v of normalized) counts[binOf(v, bins)]++;
  const split = naiveSplit(counts);
  return Array.from(values, (v, i) => (normalized[i] > 0 && binOf(normalized[i], bins) >= split ? v : 0));
}

describe('otsuThreshold', () => {
  it('splits a bimodal map between its modes, keeping exactly the upper mode', () => {
    const rng = mulberry32(9);
    // Modes at 0.2 and 0.8 of the peak, each +-0.05, scaled by 5: the cutoff is in the map's units.
    const upper = (i: number): boolean => i % 2 === 1;
    const values = Float32Array.from({ length: 2000 }, (_, i) => 5 * ((upper(i) ? 0.8 : 0.2) + (rng() - 0.5) * 0.1));
    const lowerMax = Math.max(...values.filter((_, i) => !upper(i)));
    const upperMin = Math.min(...values.filter((_, i) => upper(i)));
    const result = otsuThreshold(values);
    expect(result.cutoff).toBeGreaterThan(lowerMax);
    expect(result.cutoff).toBe(upperMin);
    expect(Array.from(result.values, (v) => v > 0)).toEqual(Array.from(values, (_, i) => upper(i)));
    expect(result.kind).toBe('otsu');
    expect(result.value).toBeNull();
  });

  it('separates a bright blob from a dim background on a hand-made map', () => {
    const result = otsuThreshold([0.1, 0.1, 0.15, 0.1, 0.9, 1.0, 0.1, 0.95]);
    expect(result.coverage).toBe(3 / 8);
    expect(result.cutoff).toBeCloseTo(0.9, 6);
  });

  it('keeps a flat positive map whole and an all-zero map empty', () => {
    expect(otsuThreshold(new Float32Array(12).fill(0.2)).coverage).toBe(1);
    const zero = otsuThreshold(new Float32Array(12));
    expect([zero.cutoff, zero.coverage, zero.energy]).toEqual([0, 0, 0]);
  });

  it('finds the same split by running sums as by recounting every split', () => {
    const rng = mulberry32(77);
    for (let trial = 0; trial < 200; trial++) {
      const bins = [2, 3, 16, 256][trial % 4];
      const counts = Float64Array.from({ length: bins }, () => (rng() < 0.3 ? 0 : Math.floor(rng() * 50)));
      expect(otsuSplit(counts)).toBe(naiveSplit(counts));
    }
  });

  it('keeps the same entries as the O(bins²) definition on random maps', () => {
    const rng = mulberry32(78);
    for (let trial = 0; trial < 200; trial++) {
      const bins = [2, 7, 64, 256][trial % 4];
      const values = randomMap(1 + Math.floor(rng() * 400), rng, {
        levels: trial % 3 === 0 ? 5 : 0,
        zeroShare: rng() * 0.7,
        negativeShare: trial % 2 === 0 ? 0.2 : 0,
      });
      expect(Array.from(otsuThreshold(values, bins).values)).toEqual(naiveOtsu(values, bins));
    }
  });

  it.each([1, 2.5, 0])('rejects %s bins with a UsageError', (bins) => {
    expect(() => otsuThreshold([1, 2], bins)).toThrow(UsageError);
  });
});
