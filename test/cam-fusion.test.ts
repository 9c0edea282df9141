import { describe, expect, it } from 'vitest';
import { resizeBilinear } from '../src/attribution/resize.js';
import { fuseLayers, type FusionMode } from '../src/explainers/cam/fusion.js';
import { UsageError } from '../src/errors.js';

const fine = { values: [0, 2, 4, -1, 1, 3, 0, 8, 6, 2, 0, 1, 4, 4, 4, 4], width: 4, height: 4 };
const coarse = { values: [1, 3, 0, -2], width: 2, height: 2 };

describe('multi-layer fusion', () => {
  it('fuses on the largest grid, each map ReLU-ed and scaled to a peak of 1 first', () => {
    const fused = fuseLayers([coarse, fine], 'mean');
    expect([fused.width, fused.height]).toEqual([4, 4]);
    const fineScaled = fine.values.map((v) => Math.max(0, v) / 8);
    const coarseScaled = resizeBilinear([1 / 3, 1, 0, 0], 2, 2, 4, 4);
    fused.values.forEach((v, i) => expect(v).toBeCloseTo((fineScaled[i] + coarseScaled[i]) / 2, 6));
  });

  it('max keeps the stronger layer at every position', () => {
    const fused = fuseLayers([fine, coarse], 'max');
    const coarseScaled = resizeBilinear([1 / 3, 1, 0, 0], 2, 2, 4, 4);
    fused.values.forEach((v, i) => expect(v).toBeCloseTo(Math.max(Math.max(0, fine.values[i]) / 8, coarseScaled[i]), 6));
    expect(Math.max(...fused.values)).toBeCloseTo(1, 6);
  });

  it.each(['mean', 'max'] as FusionMode[])('one layer fuses to itself, normalised (%s)', (mode) => {
    const fused = fuseLayers([fine], mode);
    fused.values.forEach((v, i) => expect(v).toBeCloseTo(Math.max(0, fine.values[i]) / 8, 6));
  });

  it('an all-zero layer adds nothing to max and halves the mean', () => {
    const zero = { values: [0, 0, -1, 0], width: 2, height: 2 };
    const max = fuseLayers([fine, zero], 'max');
    const mean = fuseLayers([fine, zero], 'mean');
    max.values.forEach((v, i) => {
      expect(v).toBeCloseTo(Math.max(0, fine.values[i]) / 8, 6);
      expect(mean.values[i]).toBeCloseTo(v / 2, 6);
    });
  });

  it('rejects an empty list and an unknown mode with a usage error', () => {
    expect(() => fuseLayers([], 'mean')).toThrow(UsageError);
    expect(() => fuseLayers([fine], 'median' as FusionMode)).toThrow(/fusion mode must be one of mean, max, got 'median'/);
  });
});
