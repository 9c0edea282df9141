import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { mulberry32, randomMap } from '../src/attribution/random.js';
import { levelMap, multiLevelThresholds } from '../src/attribution/threshold/multilevel.js';
import { keepTopPercent } from '../src/attribution/threshold/percentile.js';

/** 1..100 in a scrambled order, so that position says nothing about rank. */
const hundred = Float32Array.from({ length: 100 }, (_, i) => ((i * 37) % 100) + 1);

describe('multiLevelThresholds', () => {
  it('keeps the top 1, 5, 10 and 20 percent by default', () => {
    const levels = multiLevelThresholds(hundred);
    expect(levels.map((l) => l.coverage)).toEqual([0.01, 0.05, 0.1, 0.2]);
    expect(levels.map((l) => l.cutoff)).toEqual([100, 96, 91, 81]);
    expect(levels.map((l) => l.value)).toEqual([1, 5, 10, 20]);
    expect(levels.every((l) => l.kind === 'multilevel')).toBe(true);
  });

  it('gives each level the same kept set as keepTopPercent', () => {
    const values = randomMap(300, mulberry32(4), { levels: 9, zeroShare: 0.4 });
    const levels = multiLevelThresholds(values, [3, 30]);
    expect(levels[1].values).toEqual(keepTopPercent(values, 30).values);
    expect(levels[0].values).toEqual(keepTopPercent(values, 3).values);
  });
});

describe('levelMap', () => {
  it('numbers each entry by the tightest default level that keeps it', () => {
    const map = levelMap(hundred);
    const levelOfValue = (v: number): number => map[hundred.indexOf(v)];
    expect(levelOfValue(100)).toBe(1);
    expect([96, 99].map(levelOfValue)).toEqual([2, 2]);
    expect([91, 95].map(levelOfValue)).toEqual([3, 3]);
    expect([81, 90].map(levelOfValue)).toEqual([4, 4]);
    expect([1, 80].map(levelOfValue)).toEqual([0, 0]);
  });

  it('numbers levels by their position in the given list, even unsorted', () => {
    const map = levelMap(hundred, [20, 1]);
    expect(map[hundred.indexOf(100)]).toBe(2);
    expect(map[hundred.indexOf(99)]).toBe(1);
    expect(map[hundred.indexOf(80)]).toBe(0);
  });

  it('draws nested regions: level <= l exactly where level l keeps the entry', () => {
    const values = randomMap(400, mulberry32(8), { levels: 12, zeroShare: 0.3, negativeShare: 0.1 });
    const percents = [2, 10, 25, 60];
    const map = levelMap(values, percents);
    percents.forEach((percent, l) => {
      const kept = Array.from(keepTopPercent(values, percent).values, (v) => v > 0);
      expect(Array.from(map, (level) => level >= 1 && level <= l + 1)).toEqual(kept);
    });
  });

  it('rejects more levels than a byte can number', () => {
    expect(() => levelMap(hundred, new Array(256).fill(5))).toThrow(UsageError);
  });

  it('rejects an out-of-range percent like keepTopPercent', () => {
    expect(() => levelMap(hundred, [5, 150])).toThrow('threshold must be in (0, 100], got 150');
  });
});
