import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/attribution/random.js';
import { dynamicThreshold } from '../src/attribution/threshold/dynamic.js';
import { iterativeDynamicThreshold, upsampledMaps } from '../src/evaluate/bench/iterative-dynamic.js';
import { speedClaim } from '../src/evaluate/bench/speed-claim.js';
import { slope } from '../src/evaluate/bench/tidy-growth.js';
import { mad, median, timeInterleaved } from '../src/evaluate/bench/timing.js';
import { grid } from '../src/attribution/types.js';

describe('bench timing helpers', () => {
  it('median and MAD of odd and even samples', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(mad([1, 2, 3, 4, 100])).toBe(1);
  });

  it('runs every arm once per round, starting each round one arm later, and returns one time per round', async () => {
    const order: string[] = [];
    const arm = (name: string) => async () => order.push(name);
    const times = await timeInterleaved([arm('a'), arm('b'), arm('c')], 3, 1);
    expect(times.map((t) => t.length)).toEqual([3, 3, 3]);
    expect(order.join('')).toBe('abc' + 'abc' + 'bca' + 'cab');
  });

  it('slope of a straight line of leaks is its step', () => {
    expect(slope([10, 20, 30, 40])).toBeCloseTo(10, 12);
    expect(slope([0, 0, 0])).toBe(0);
  });
});

describe('speed claims', () => {
  const base = [10, 11, 9, 10.5, 10.2, 9.8, 10.1, 10.4];
  const slower = base.map((t, i) => 3 * t + (i % 2));

  it('names the arm with the lower median as faster and shows the claim when both tests agree', () => {
    const claim = speedClaim('test', { name: 'slow', times: slower }, { name: 'fast', times: base }, 0);
    expect(claim.faster).toBe('fast');
    expect(claim.slower).toBe('slow');
    expect(claim.n).toBe(8);
    expect(claim.ratio.mean).toBeGreaterThan(3);
    expect(claim.ratio.lower).toBeGreaterThan(2.9);
    expect(claim.differenceMs.lower).toBeGreaterThan(19);
    expect(claim.wilcoxonP).toBeCloseTo(2 / 256, 6);
    expect(claim.shown).toBe(true);
  });

  it('does not show a claim between identical arms', () => {
    const claim = speedClaim('test', { name: 'a', times: base }, { name: 'b', times: [...base] }, 0);
    expect(claim.ratio.mean).toBeCloseTo(1, 12);
    expect(claim.shown).toBe(false);
  });
});

describe('the iterative dynamic threshold (bench arm)', () => {
  it('keeps exactly what the one-selection search keeps, on random and upsampled maps', () => {
    const random = mulberry32(12);
    const maps: Float32Array[] = [];
    for (let m = 0; m < 30; m++) {
      const n = 50 + Math.floor(random() * 400);
      maps.push(Float32Array.from({ length: n }, () => (random() < 0.3 ? 0 : random() ** (1 + 4 * random()))));
    }
    maps.push(...upsampledMaps([{ values: Float32Array.from({ length: 49 }, () => random()), topology: grid(7, 7) }], 56, 56));
    for (const values of maps) {
      const expected = dynamicThreshold(values);
      const got = iterativeDynamicThreshold(values);
      expect(Array.from(got.values)).toEqual(Array.from(expected.values));
      expect(got.cutoff).toBe(expected.cutoff);
    }
  });

  it('keeps nothing of an all-zero map and everything of a flat one', () => {
    expect(iterativeDynamicThreshold(new Float32Array(20)).coverage).toBe(0);
    expect(iterativeDynamicThreshold(new Float32Array(20).fill(0.3)).coverage).toBe(1);
  });

  it('upsamples a 7x7 map to the asked size with a peak of 1', () => {
    const [map] = upsampledMaps([{ values: Float32Array.from({ length: 49 }, (_, i) => i), topology: grid(7, 7) }], 224, 224);
    expect(map.length).toBe(224 * 224);
    expect(Math.max(...map)).toBeCloseTo(1, 6);
  });
});
