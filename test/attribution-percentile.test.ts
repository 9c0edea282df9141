import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { mulberry32, randomMap } from '../src/attribution/random.js';
import { keepTopPercent } from '../src/attribution/threshold/percentile.js';

/** The rule by full sort: the k-th largest is the cutoff; entries >= it and > 0 are kept. */
function sortedReference(values: Float32Array, percent: number): { kept: number[]; cutoff: number } {
  const k = Math.min(values.length, Math.max(1, Math.ceil((percent * values.length) / 100)));
  const kth = Array.from(values).sort((a, b) => b - a)[k - 1];
  const kept = Array.from(values, (v) => (v >= kth && v > 0 ? v : 0));
  const positives = kept.filter((v) => v > 0);
  return { kept, cutoff: positives.length === 0 ? 0 : Math.min(...positives) };
}

describe('keepTopPercent', () => {
  it('keeps exactly the top P% of a map without ties', () => {
    const values = Float32Array.from({ length: 200 }, (_, i) => (i * 37) % 200 + 1);
    const result = keepTopPercent(values, 10);
    expect(result.coverage).toBe(0.1);
    expect(result.cutoff).toBe(181);
    expect(Array.from(result.values).filter((v) => v > 0).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => 181 + i),
    );
    expect(result.kind).toBe('percentile');
    expect(result.value).toBe(10);
  });

  it('keeps every entry tied at the cutoff, whatever their order', () => {
    const result = keepTopPercent([0.5, 1, 1, 1], 25);
    expect(Array.from(result.values)).toEqual([0, 1, 1, 1]);
    expect(result.cutoff).toBe(1);
    expect(result.coverage).toBe(0.75);
  });

  it('keeps a flat positive map whole', () => {
    const result = keepTopPercent(new Float32Array(50).fill(0.3), 5);
    expect(result.coverage).toBe(1);
    expect(result.energy).toBe(1);
  });

  it('keeps nothing of an all-zero map: cutoff 0, coverage 0, energy 0', () => {
    const result = keepTopPercent(new Float32Array(10), 20);
    expect(Array.from(result.values)).toEqual(new Array(10).fill(0));
    expect([result.cutoff, result.coverage, result.energy]).toEqual([0, 0, 0]);
  });

  it('never keeps zeros or negatives, even at 100%', () => {
    const result = keepTopPercent([0, -1, 2, 0], 100);
    expect(Array.from(result.values)).toEqual([0, 0, 2, 0]);
    expect(result.coverage).toBe(0.25);
    expect(result.cutoff).toBe(2);
  });

  it('measures energy as kept mass over positive mass', () => {
    const result = keepTopPercent([-5, 1, 2, 3, 4], 40);
    expect(Array.from(result.values)).toEqual([0, 0, 0, 3, 4]);
    expect(result.energy).toBeCloseTo(7 / 10, 12);
  });

  it('keeps at least the peak for a tiny percent', () => {
    const result = keepTopPercent([0.2, 0.9, 0.4], 0.001);
    expect(Array.from(result.values)).toEqual([0, 0.8999999761581421, 0]);
  });

  it('counts 7% of 100 as 7 entries, not 8 through rounding', () => {
    const values = Float32Array.from({ length: 100 }, (_, i) => i + 1);
    expect(keepTopPercent(values, 7).coverage).toBe(0.07);
  });

  it('agrees with a full sort on random maps with ties, zeros and negatives', () => {
    const rng = mulberry32(7);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(rng() * 300);
      const values = randomMap(n, rng, {
        levels: trial % 3 === 0 ? 0 : 1 + Math.floor(rng() * 8),
        zeroShare: rng() * 0.6,
        negativeShare: rng() * 0.3,
      });
      const percent = [0.5, 1, 5, 10, 33.3, 50, 100][trial % 7];
      const result = keepTopPercent(values, percent);
      const reference = sortedReference(values, percent);
      expect(Array.from(result.values)).toEqual(reference.kept);
      expect(result.cutoff).toBe(reference.cutoff);
    }
  });

  it('accepts a plain number array the same as a Float32Array', () => {
    const values = [0.125, 0.75, 0.25, 1];
    expect(keepTopPercent(values, 50)).toEqual(keepTopPercent(Float32Array.from(values), 50));
  });

  it.each([0, -5, 100.5, Number.NaN])('rejects threshold %s with a UsageError', (percent) => {
    expect(() => keepTopPercent([1, 2], percent)).toThrow(UsageError);
    expect(() => keepTopPercent([1, 2], percent)).toThrow(`threshold must be in (0, 100], got ${percent}`);
  });

  it('rejects a map holding NaN', () => {
    expect(() => keepTopPercent([1, Number.NaN], 10)).toThrow(/non-finite/);
  });
});
