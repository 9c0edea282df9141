import { describe, expect, it } from 'vitest';
import { mulberry32, randomMap } from '../src/attribution/random.js';

describe('mulberry32', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const draw = (seed: number): number[] => Array.from({ length: 5 }, mulberry32(seed));
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('draws uniformly from [0, 1): mean 0.5 and every decile near 10%', () => {
    const rng = mulberry32(1);
    const deciles = new Array(10).fill(0);
    let sum = 0;
    for (let i = 0; i < 20000; i++) {
      const u = rng();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
      deciles[Math.floor(u * 10)]++;
    }
    expect(sum / 20000).toBeCloseTo(0.5, 2);
    for (const count of deciles) expect(Math.abs(count / 20000 - 0.1)).toBeLessThan(0.01);
  });
});

describe('randomMap', () => {
  it('honours the zero and negative shares and the number of levels', () => {
    const map = randomMap(20000, mulberry32(2), { levels: 4, zeroShare: 0.5, negativeShare: 0.2 });
    const share = (test: (v: number) => boolean): number => map.filter(test).length / map.length;
    expect(share((v) => v < 0)).toBeCloseTo(0.2 * 0.75, 1);
    expect(share((v) => v === 0)).toBeGreaterThan(0.5);
    expect(new Set(map.filter((v) => v > 0)).size).toBe(3);
  });
});
