import { describe, expect, it } from 'vitest';
import { gaussianKernel, separableBlur } from '../src/attribution/separable-blur.js';

describe('separable Gaussian blur', () => {
  it('builds a normalised, symmetric kernel of 2r+1 taps', () => {
    const k = gaussianKernel(1, 2);
    expect(k).toHaveLength(5);
    expect(k.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(k[0]).toBeCloseTo(k[4], 12);
    expect(k[1] / k[2]).toBeCloseTo(Math.exp(-0.5), 12);
  });

  it('keeps a constant image constant with either border', () => {
    const img = new Float32Array(5 * 4 * 2).fill(3);
    for (const edge of ['reflect', 'clamp'] as const) {
      separableBlur(img, 5, 4, 2, gaussianKernel(1, 2), edge).forEach((v) => expect(v).toBeCloseTo(3, 5));
    }
  });

  it('reads past the border mirrored or repeated, as asked (a 3-tap box on one row)', () => {
    const row = Float32Array.from([0, 6, 12]); // width 3, height 1, one channel
    const box = Float64Array.from([1 / 3, 1 / 3, 1 / 3]);
    // reflect: x=-1 reads x=0 and x=3 reads x=2, same as clamp for a radius of 1; a radius of 2 tells them apart.
    const five = Float64Array.from([0.2, 0.2, 0.2, 0.2, 0.2]);
    expect(Array.from(separableBlur(row, 3, 1, 1, box, 'clamp'))).toEqual([2, 6, 10].map((v) => expect.closeTo(v, 5)));
    // reflect at x=0 reads [6, 0 | 0, 6, 12] -> 24/5; clamp reads [0, 0 | 0, 6, 12] -> 18/5
    expect(separableBlur(row, 3, 1, 1, five, 'reflect')[0]).toBeCloseTo(24 / 5, 5);
    expect(separableBlur(row, 3, 1, 1, five, 'clamp')[0]).toBeCloseTo(18 / 5, 5);
  });
});
