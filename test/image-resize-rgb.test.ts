import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { resizeRgb } from '../src/image/resize-rgb.js';

function fromGray(values: number[], width: number, height: number) {
  return { rgb: Uint8Array.from(values.flatMap((v) => [v, v, v])), width, height };
}

describe('resizeRgb', () => {
  it('keeps a flat colour flat when shrinking and when enlarging', () => {
    const flat = { rgb: new Uint8Array(30 * 20 * 3).map((_, i) => [10, 100, 250][i % 3]), width: 30, height: 20 };
    for (const [w, h] of [[7, 5], [90, 61]]) {
      const out = resizeRgb(flat, w, h);
      expect(out.rgb.length).toBe(w * h * 3);
      out.rgb.forEach((v, i) => expect(v).toBe([10, 100, 250][i % 3]));
    }
  });

  it('enlarges bilinearly with half-pixel centres, edges clamped', () => {
    const out = resizeRgb(fromGray([0, 255], 2, 1), 4, 1);
    expect(Array.from(out.rgb.filter((_, i) => i % 3 === 0))).toEqual([0, 64, 191, 255]);
  });

  it('averages when shrinking: one-pixel stripes reduced 3x turn grey, not black or white', () => {
    const stripes = fromGray(Array.from({ length: 60 * 3 }, (_, i) => (i % 2) * 255), 60, 3);
    const out = resizeRgb(stripes, 20, 1);
    for (const v of out.rgb) {
      expect(v).toBeGreaterThan(100);
      expect(v).toBeLessThan(160);
    }
  });

  it('returns a copy at the same size', () => {
    const image = fromGray([1, 2, 3, 4], 2, 2);
    const out = resizeRgb(image, 2, 2);
    expect(out.rgb).toEqual(image.rgb);
    expect(out.rgb).not.toBe(image.rgb);
  });

  it('rejects a target size that is not positive integers', () => {
    expect(() => resizeRgb(fromGray([0], 1, 1), 0, 3)).toThrow(new UsageError('resize: expected positive integer width and height, got 0x3'));
  });
});
