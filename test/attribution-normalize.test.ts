import { describe, expect, it } from 'vitest';
import { minMaxNormalize, normalizeByMax, relu } from '../src/attribution/normalize.js';

describe('relu', () => {
  it('zeroes negative entries and keeps the rest', () => {
    expect(Array.from(relu([-2, 0, 0.5, 3]))).toEqual([0, 0, 0.5, 3]);
  });
});

describe('normalizeByMax', () => {
  it('scales the peak to exactly 1 and keeps ratios', () => {
    const { values, allZero } = normalizeByMax([1, 2, 4]);
    expect(allZero).toBe(false);
    expect(values[2]).toBe(1);
    expect(values[0]).toBeCloseTo(0.25, 7);
    expect(values[1]).toBeCloseTo(0.5, 7);
  });

  it('applies ReLU first, so negative entries become 0', () => {
    expect(Array.from(normalizeByMax([-4, 2]).values)).toEqual([0, 1]);
  });

  it('returns zeros and allZero for an all-zero map, never NaN', () => {
    const { values, allZero } = normalizeByMax([0, 0, 0]);
    expect(allZero).toBe(true);
    expect(Array.from(values)).toEqual([0, 0, 0]);
  });

  it('returns zeros and allZero for an all-negative map', () => {
    const { values, allZero } = normalizeByMax([-1, -0.5]);
    expect(allZero).toBe(true);
    expect(Array.from(values)).toEqual([0, 0]);
  });

  it('names NaN and its index', () => {
    expect(() => normalizeByMax([1, Number.NaN])).toThrow(/non-finite value \(NaN\) at index 1/);
  });

  it('names Infinity and its index', () => {
    expect(() => normalizeByMax([Infinity, 1])).toThrow(/non-finite value \(Infinity\) at index 0/);
  });

  it('leaves its input untouched', () => {
    const input = new Float32Array([2, -1, 4]);
    normalizeByMax(input);
    expect(Array.from(input)).toEqual([2, -1, 4]);
  });
});

describe('minMaxNormalize', () => {
  it('maps the minimum to 0 and the maximum to 1, linearly between', () => {
    const out = minMaxNormalize([-2, 0, 6]);
    expect(out[0]).toBe(0);
    expect(out[1]).toBeCloseTo(0.25, 7);
    expect(out[2]).toBe(1);
  });

  it('turns a flat map into zeros rather than 0/0', () => {
    expect(Array.from(minMaxNormalize([3, 3, 3]))).toEqual([0, 0, 0]);
  });

  it('rejects non-finite input', () => {
    expect(() => minMaxNormalize([0, -Infinity])).toThrow(/non-finite/);
  });
});
