import { describe, expect, it } from 'vitest';
import { resizeBilinear } from '../src/attribution/resize.js';
import { UsageError } from '../src/errors.js';
import { colorize } from '../src/render/colormaps.js';
import { overlay, placeMap } from '../src/render/overlay.js';

const W = 12;
const H = 9;
const IMAGE = Uint8Array.from({ length: W * H * 3 }, (_, i) => (i * 37) % 256);
const MAP = Float32Array.from([0, 0.25, 0.5, 0.75, 1, 0.6]);
const MAP_W = 3;
const MAP_H = 2;

describe('overlay', () => {
  it('with alpha 0 returns the image unchanged', () => {
    expect(overlay(IMAGE, W, H, MAP, MAP_W, MAP_H, { alpha: 0 })).toEqual(IMAGE);
  });

  it('with alpha 1 returns the colourised map, bilinearly upsampled to the image size', () => {
    const expected = colorize(resizeBilinear(MAP, MAP_W, MAP_H, W, H), 'viridis');
    expect(overlay(IMAGE, W, H, MAP, MAP_W, MAP_H, { alpha: 1, colormap: 'viridis' })).toEqual(expected);
  });

  it('blends half and half by default, with jet', () => {
    const colours = colorize(resizeBilinear(MAP, MAP_W, MAP_H, W, H), 'jet');
    const out = overlay(IMAGE, W, H, MAP, MAP_W, MAP_H);
    out.forEach((v, i) => expect(Math.abs(v - (IMAGE[i] + colours[i]) / 2)).toBeLessThanOrEqual(0.5));
  });

  it('with kept/outside image shows the image where the upsampled map is below the cutoff, even at alpha 1', () => {
    const image = IMAGE.subarray(0, 8 * 8 * 3);
    const corner = Float32Array.from([1, 0, 0, 0]);
    const cleared = overlay(image, 8, 8, corner, 2, 2, { alpha: 1, kept: { cutoff: 0.5, outside: 'image' } });
    const tinted = overlay(image, 8, 8, corner, 2, 2, { alpha: 1 });
    const bottomRight = (7 * 8 + 7) * 3;
    expect(Array.from(cleared.subarray(bottomRight, bottomRight + 3))).toEqual(Array.from(image.subarray(bottomRight, bottomRight + 3)));
    expect(Array.from(tinted.subarray(bottomRight, bottomRight + 3))).toEqual([0, 0, 128]);
    expect(Array.from(cleared.subarray(0, 3))).toEqual([128, 0, 0]);
    // Pixel (3, 0) samples the map at 0.375 of the way from 1 to 0: 0.625 is kept, (4, 0) at 0.375 is not.
    expect(Array.from(cleared.subarray(3 * 3, 4 * 3))).toEqual(Array.from(tinted.subarray(3 * 3, 4 * 3)));
    expect(Array.from(cleared.subarray(4 * 3, 5 * 3))).toEqual(Array.from(image.subarray(4 * 3, 5 * 3)));
  });

  it('lays the map only inside a box; outside it the image shows', () => {
    const box = { left: 4, top: 3, width: 6, height: 4 };
    const out = overlay(IMAGE, W, H, [1], 1, 1, { alpha: 1, box });
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const p = (y * W + x) * 3;
        const inside = x >= 4 && x < 10 && y >= 3 && y < 7;
        expect(Array.from(out.subarray(p, p + 3))).toEqual(inside ? [128, 0, 0] : Array.from(IMAGE.subarray(p, p + 3)));
      }
    }
  });

  it('rejects alpha outside [0, 1]', () => {
    for (const alpha of [-0.1, 1.5, Number.NaN]) {
      expect(() => overlay(IMAGE, W, H, MAP, MAP_W, MAP_H, { alpha })).toThrow(new UsageError(`alpha: expected a number in [0, 1], got ${alpha}`));
    }
  });

  it('rejects a map whose length does not match its size, and an image that does not match its', () => {
    expect(() => overlay(IMAGE, W, H, MAP, 4, 2)).toThrow(new UsageError('map: expected 4x2 = 8 values, got 6'));
    expect(() => overlay(IMAGE, W + 1, H, MAP, MAP_W, MAP_H)).toThrow(UsageError);
  });
});

describe('placeMap', () => {
  it('clips a box that runs past the image and marks uncovered pixels NaN', () => {
    const placed = placeMap([0.5], 1, 1, 4, 4, { left: 2.4, top: -1, width: 5, height: 3 });
    const covered = Array.from(placed, (v) => (Number.isNaN(v) ? 0 : 1));
    expect(covered).toEqual([0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
