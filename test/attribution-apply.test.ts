import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { mulberry32, randomMap } from '../src/attribution/random.js';
import { applyThreshold, type ThresholdSpec } from '../src/attribution/threshold/apply.js';
import { dynamicThreshold } from '../src/attribution/threshold/dynamic.js';
import { otsuThreshold } from '../src/attribution/threshold/otsu.js';
import { keepTopPercent } from '../src/attribution/threshold/percentile.js';

const values = randomMap(256, mulberry32(12), { zeroShare: 0.2 });

describe('applyThreshold', () => {
  it('runs keepTopPercent for a percentile spec', () => {
    expect(applyThreshold(values, { kind: 'percentile', percent: 15 })).toEqual(keepTopPercent(values, 15));
  });

  it('passes the dynamic options through', () => {
    const options = { minCoverage: 0.3, step: 0.1, maxThreshold: 0.9 };
    const result = applyThreshold(values, { kind: 'dynamic', ...options });
    expect(result).toEqual(dynamicThreshold(values, options));
    expect(result.value).toBe(30);
  });

  it('falls back to the defaults for dynamic options left undefined', () => {
    expect(applyThreshold(values, { kind: 'dynamic', step: undefined })).toEqual(dynamicThreshold(values));
  });

  it('runs Otsu for an otsu spec', () => {
    expect(applyThreshold(values, { kind: 'otsu' })).toEqual(otsuThreshold(values));
  });

  it('rejects an unknown kind coming from untyped input', () => {
    const spec = JSON.parse('{"kind":"median"}') as ThresholdSpec;
    expect(() => applyThreshold(values, spec)).toThrow(UsageError);
    expect(() => applyThreshold(values, spec)).toThrow("got 'median'");
  });
});
