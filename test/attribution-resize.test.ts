import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32, randomMap } from '../src/attribution/random.js';
import { resizeBilinear } from '../src/attribution/resize.js';

/** Bilinear sample of the source at continuous pixel-centre coordinates, edges clamped. */
function sampleAt(src: ArrayLike<number>, w: number, h: number, sx: number, sy: number): number {
  const clampedX = Math.min(Math.max(sx, 0), w - 1);
  const clampedY = Math.min(Math.max(sy, 0), h - 1);
  const x0 = Math.floor(clampedX);
  const y0 = Math.floor(clampedY);
  const x1 = Math.min(x0 + 1, w - 1);
  const y1 = Math.min(y0 + 1, h - 1);
  const ax = clampedX - x0;
  const ay = clampedY - y0;
  const at = (x: number, y: number): number => src[y * w + x];
  return (
    at(x0, y0) * (1 - ax) * (1 - ay) + at(x1, y0) * ax * (1 - ay) + at(x0, y1) * (1 - ax) * ay + at(x1, y1) * ax * ay
  );
}

/** The definition, pixel by pixel: output centre (x + 0.5) sits at source centre (x + 0.5) * src / dst. */
function naiveResize(src: ArrayLike<number>, w: number, h: number, dw: number, dh: number): number[] {
  const out: number[] = [];
  for (let y = 0; y < dh; y++) {
    for (let x = 0; x < dw; x++) {
      out.push(sampleAt(src, w, h, ((x + 0.5) * w) / dw - 0.5, ((y + 0.5) * h) / dh - 0.5));
    }
  }
  return out;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(tolerance);
}

describe('resizeBilinear', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  it('upsamples 2x2 to 4x4 to the hand-computed half-pixel values', () => {
    const out = resizeBilinear([0, 1, 2, 3], 2, 2, 4, 4);
    // Column weights: centres map to x = -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1).
    const expected = [0, 0.25, 0.75, 1, 0.5, 0.75, 1.25, 1.5, 1.5, 1.75, 2.25, 2.5, 2, 2.25, 2.75, 3];
    expectClose(out, expected, 1e-6);
  });

  it('downsamples 4x4 to 2x2 to the mean of each 2x2 block', () => {
    const src = Array.from({ length: 16 }, (_, i) => i);
    expectClose(resizeBilinear(src, 4, 4, 2, 2), [2.5, 4.5, 10.5, 12.5], 1e-6);
  });

  it('keeps a constant map constant at any size', () => {
    const out = resizeBilinear(new Float32Array(7 * 3).fill(0.375), 7, 3, 13, 29);
    expectClose(out, new Float32Array(13 * 29).fill(0.375), 1e-7);
  });

  it('returns the map unchanged when the size does not change', () => {
    const src = randomMap(35, mulberry32(3));
    expectClose(resizeBilinear(src, 7, 5, 7, 5), src, 0);
  });

  it('spreads a single pixel over the whole output', () => {
    expectClose(resizeBilinear([0.5], 1, 1, 3, 2), new Float32Array(6).fill(0.5), 0);
  });

  it('matches the pixel-by-pixel definition for random sizes up and down', () => {
    const rng = mulberry32(11);
    for (let trial = 0; trial < 40; trial++) {
      const [w, h, dw, dh] = [1, 1, 1, 1].map(() => 1 + Math.floor(rng() * 12));
      const src = randomMap(w * h, rng, { negativeShare: 0.3 });
      expectClose(resizeBilinear(src, w, h, dw, dh), naiveResize(src, w, h, dw, dh), 1e-5);
    }
  });

  it('matches tf.image.resizeBilinear with halfPixelCenters', () => {
    const rng = mulberry32(5);
    for (const [w, h, dw, dh] of [
      [7, 7, 224, 224],
      [14, 9, 5, 3],
      [3, 5, 17, 2],
    ]) {
      const src = randomMap(w * h, rng);
      const expected = tf.tidy(() =>
        tf.image.resizeBilinear(tf.tensor4d(src, [1, h, w, 1]), [dh, dw], false, true).dataSync(),
      );
      expectClose(resizeBilinear(src, w, h, dw, dh), expected, 1e-5);
    }
  });

  it('rejects a value count that does not match the source size', () => {
    expect(() => resizeBilinear([1, 2, 3], 2, 2, 4, 4)).toThrow(/3 values, expected srcW \* srcH = 4/);
  });

  it('rejects a zero or fractional size', () => {
    expect(() => resizeBilinear([1], 1, 1, 0, 4)).toThrow(/dstW must be an integer >= 1, got 0/);
    expect(() => resizeBilinear([1], 1, 1, 2, 1.5)).toThrow(/dstH/);
  });
});
