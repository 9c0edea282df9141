import { describe, expect, it } from 'vitest';
import { iou } from '../src/evaluate/metrics/localisation/iou.js';
import { pointingGameHit } from '../src/evaluate/metrics/localisation/pointing-game.js';

describe('pointing game', () => {
  const mask = Uint8Array.from([0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0]); // a 2x2 square in a 4x4 image

  it('hits when the maximum lies on the mask, misses elsewhere', () => {
    const onObject = new Float32Array(16);
    onObject[6] = 1;
    const offObject = new Float32Array(16);
    offObject[0] = 1;
    expect(pointingGameHit(onObject, mask, 4, 4)).toBe(true);
    expect(pointingGameHit(offObject, mask, 4, 4)).toBe(false);
  });

  it('counts a maximum within the tolerance of the mask as a hit', () => {
    const next = new Float32Array(16);
    next[4] = 1; // (0, 1): one pixel left of the square
    expect(pointingGameHit(next, mask, 4, 4, 0)).toBe(false);
    expect(pointingGameHit(next, mask, 4, 4, 1)).toBe(true);
  });

  it('treats an all-zero map as a miss', () => {
    expect(pointingGameHit(new Float32Array(16), mask, 4, 4)).toBe(false);
  });
});

describe('IoU', () => {
  it('is 1 for a perfect map, 0 for a disjoint one and the overlap ratio otherwise', () => {
    const a = Uint8Array.from([1, 1, 0, 0]);
    expect(iou(a, a)).toBe(1);
    expect(iou(a, Uint8Array.from([0, 0, 1, 1]))).toBe(0);
    expect(iou(a, Uint8Array.from([0, 1, 1, 0]))).toBeCloseTo(1 / 3, 12);
  });
});
