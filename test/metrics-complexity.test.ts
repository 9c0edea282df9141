import { describe, expect, it } from 'vitest';
import { attributionEntropy, sparseness } from '../src/evaluate/metrics/index.js';

const N = 100;
const oneHot = Float32Array.from({ length: N }, (_, i) => (i === 7 ? 1 : 0));
const uniform = new Float32Array(N).fill(0.5);

describe('sparseness (Gini index)', () => {
  it('is (n-1)/n for a one-hot map and 0 for a uniform map', () => {
    expect(sparseness(oneHot)).toBeCloseTo((N - 1) / N, 4);
    expect(sparseness(uniform)).toBeCloseTo(0, 9);
  });

  it('uses magnitudes, so negating a map leaves it unchanged', () => {
    const map = Float32Array.from({ length: N }, (_, i) => Math.sin(i));
    expect(sparseness(map.map((v) => -v))).toBeCloseTo(sparseness(map), 9);
  });

  it('is 1/2 for a map with half its entries equal and the rest zero (large n)', () => {
    const half = Float32Array.from({ length: 1000 }, (_, i) => (i < 500 ? 1 : 0));
    expect(sparseness(half)).toBeCloseTo(0.5, 3);
  });
});

describe('entropy of fractional contributions', () => {
  it('is 0 for a one-hot map, ln 2 for two equal entries and ln n for a uniform map', () => {
    expect(attributionEntropy(oneHot)).toBe(0);
    expect(attributionEntropy(Float32Array.from([0, 3, 0, -3]))).toBeCloseTo(Math.log(2), 12);
    expect(attributionEntropy(uniform)).toBeCloseTo(Math.log(N), 9);
  });
});
