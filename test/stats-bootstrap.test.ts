import { describe, expect, it } from 'vitest';
import { BOOTSTRAP_DEFAULTS, bootstrapMeanInterval } from '../src/evaluate/stats/bootstrap.js';
import { quantileSorted } from '../src/evaluate/stats/descriptive.js';

describe('quantile of sorted values', () => {
  it('interpolates linearly between order statistics (R type 7)', () => {
    // R: quantile(c(1, 2, 3, 4), c(0.25, 0.5, 0.9)) -> 1.75 2.5 3.7
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBeCloseTo(2.5, 12);
    expect(quantileSorted([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
  });
});

describe('percentile bootstrap interval of a mean', () => {
  it('defaults to 2000 resamples and a 95% interval', () => {
    expect(BOOTSTRAP_DEFAULTS.resamples).toBe(2000);
    expect(bootstrapMeanInterval([1, 2, 3]).confidence).toBe(0.95);
  });

  it('collapses to the value for constant data', () => {
    const ci = bootstrapMeanInterval([0.3, 0.3, 0.3, 0.3]);
    expect(ci.lower).toBeCloseTo(0.3, 12);
    expect(ci.upper).toBeCloseTo(0.3, 12);
  });

  it('spans [0, 1] for the sample {0, 1}: resample means are 0, 1/2, 1 with chances 1/4, 1/2, 1/4', () => {
    const ci = bootstrapMeanInterval([0, 1]);
    expect(ci.mean).toBe(0.5);
    expect(ci.lower).toBe(0);
    expect(ci.upper).toBe(1);
  });

  it('matches the normal-theory interval mean ± 1.96 σ/√n for a large sample', () => {
    // 0..9 repeated 40 times: mean 4.5, population sd sqrt(8.25), so the mean's standard error is sqrt(8.25)/20.
    const values = Array.from({ length: 400 }, (_, i) => i % 10);
    const half = (1.959964 * Math.sqrt(8.25)) / 20;
    const ci = bootstrapMeanInterval(values, { seed: 3 });
    expect(ci.lower).toBeCloseTo(4.5 - half, 1);
    expect(ci.upper).toBeCloseTo(4.5 + half, 1);
    expect(Math.abs(ci.upper - ci.lower - 2 * half)).toBeLessThan(0.05);
  });

  it('is reproducible from its seed and narrows as the confidence drops', () => {
    const values = [0.1, 0.5, 0.2, 0.9, 0.4, 0.3, 0.8];
    expect(bootstrapMeanInterval(values, { seed: 7 })).toEqual(bootstrapMeanInterval(values, { seed: 7 }));
    const wide = bootstrapMeanInterval(values, { seed: 7, confidence: 0.95 });
    const narrow = bootstrapMeanInterval(values, { seed: 7, confidence: 0.5 });
    expect(narrow.upper - narrow.lower).toBeLessThan(wide.upper - wide.lower);
  });

  it('gives NaN bounds for an empty sample', () => {
    const ci = bootstrapMeanInterval([]);
    expect(Number.isNaN(ci.lower) && Number.isNaN(ci.upper)).toBe(true);
  });
});
