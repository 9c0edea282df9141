import { describe, expect, it } from 'vitest';
import { childSeed, integer, mulberry32, pick, shuffled, uniform } from '../src/datasets/random.js';

describe('mulberry32', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const first = Array.from({ length: 100 }, a);
    expect(Array.from({ length: 100 }, b)).toEqual(first);
  });

  it('gives different sequences for neighbouring seeds', () => {
    const a = Array.from({ length: 20 }, mulberry32(1));
    const b = Array.from({ length: 20 }, mulberry32(2));
    expect(a.filter((v, i) => v === b[i])).toHaveLength(0);
  });

  it('draws floats in [0, 1) with mean near 1/2 and variance near 1/12', () => {
    const random = mulberry32(7);
    const values = Array.from({ length: 20000 }, random);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 2);
  });
});

describe('draw helpers', () => {
  it('integer covers both ends of its inclusive range and nothing outside', () => {
    const random = mulberry32(3);
    const seen = new Set(Array.from({ length: 2000 }, () => integer(random, 2, 5)));
    expect([...seen].sort()).toEqual([2, 3, 4, 5]);
  });

  it('uniform stays inside [min, max)', () => {
    const random = mulberry32(4);
    const values = Array.from({ length: 2000 }, () => uniform(random, -3, 2));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-3);
    expect(Math.max(...values)).toBeLessThan(2);
  });

  it('pick returns only listed items, each about equally often', () => {
    const random = mulberry32(5);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 3000; i++) counts[pick(random, ['a', 'b', 'c'] as const)]++;
    for (const count of Object.values(counts)) expect(count).toBeGreaterThan(900);
  });

  it('shuffled is a permutation of its input and leaves the input untouched', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const out = shuffled(mulberry32(6), items);
    expect(out).not.toEqual(items);
    expect([...out].sort((a, b) => a - b)).toEqual(items);
    expect(items[0]).toBe(0);
  });
});

describe('childSeed', () => {
  it('gives distinct seeds across neighbouring set seeds and indices', () => {
    const seeds = new Set<number>();
    for (let set = 0; set < 20; set++) for (let i = 0; i < 500; i++) seeds.add(childSeed(set, i));
    expect(seeds.size).toBe(20 * 500);
  });
});
