import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { meanPairwiseCorrelation, sensitivity, stabilityAcrossSeeds, type ExplainFunction } from '../src/evaluate/metrics/index.js';

const PIXELS = 64;
const image = new Float32Array(PIXELS * 3).fill(1);

/** A "method" whose map is each pixel's channel mean: it passes input noise straight through. */
const channelMean: ExplainFunction = async (images) =>
  images.map((x) => Float32Array.from({ length: PIXELS }, (_, p) => (x[p * 3] + x[p * 3 + 1] + x[p * 3 + 2]) / 3));

describe('max- and avg-sensitivity', () => {
  it('is 0 for a map that ignores the input', async () => {
    const fixed: ExplainFunction = async (images) => images.map(() => Float32Array.from({ length: PIXELS }, (_, p) => p));
    const s = await sensitivity(fixed, image);
    expect(s.max).toBe(0);
    expect(s.avg).toBe(0);
  });

  it('matches the expected relative noise norm for a map that passes the noise through', async () => {
    // noise U(-r, r) per value, r = 0.02 of [0, 1]; a 3-channel mean has variance r^2/9 per pixel, so the
    // expected change is about sqrt(64 r^2 / 9) / |map| = (8 r / 3) / 8.
    const s = await sensitivity(channelMean, image, { range: [0, 1], samples: 20 });
    expect(s.changes.length).toBe(20);
    expect(s.avg).toBeCloseTo(0.02 / 3, 2);
    expect(Math.abs(s.avg - 0.02 / 3) / (0.02 / 3)).toBeLessThan(0.2);
    expect(s.max).toBeGreaterThanOrEqual(s.avg);
  });

  it('grows with the noise radius', async () => {
    const small = await sensitivity(channelMean, image, { range: [0, 1], radius: 0.01 });
    const large = await sensitivity(channelMean, image, { range: [0, 1], radius: 0.1 });
    expect(large.avg / small.avg).toBeCloseTo(10, 0);
  });
});

describe('stability across seeds', () => {
  const a = Float32Array.from({ length: 20 }, (_, i) => Math.sin(i));
  const minusA = a.map((v) => -v);

  it('is 1 for identical maps and the mean over pairs otherwise', () => {
    expect(meanPairwiseCorrelation([a, a, a])).toBeCloseTo(1, 12);
    expect(meanPairwiseCorrelation([a, a, minusA])).toBeCloseTo(-1 / 3, 12);
  });

  it('runs the method once per seed and compares every pair', async () => {
    const seen: number[] = [];
    const score = await stabilityAcrossSeeds(async (seed) => {
      seen.push(seed);
      return seed % 2 === 0 ? a : minusA;
    }, [0, 1]);
    expect(seen).toEqual([0, 1]);
    expect(score).toBeCloseTo(-1, 12);
  });

  it('needs at least two maps', () => {
    expect(() => meanPairwiseCorrelation([a])).toThrow(UsageError);
  });
});
