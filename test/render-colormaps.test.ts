import { interpolateTurbo } from 'd3-scale-chromatic';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { COLORMAPS, colorize, colormapLut, jetColor, lutIndex } from '../src/render/colormaps.js';

function at(name: string, value: number): number[] {
  return Array.from(colorize([value], name));
}

function expectColor(actual: number[], expected: number[], tolerance: number): void {
  expected.forEach((v, i) => expect(Math.abs(actual[i] - v), `channel ${i}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance));
}

function hex(color: string): number[] {
  return [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
}

describe('colormaps', () => {
  it('offers jet, turbo, viridis and inferno, each as a 256-entry RGB table', () => {
    expect([...COLORMAPS]).toEqual(['jet', 'turbo', 'viridis', 'inferno']);
    for (const name of COLORMAPS) expect(colormapLut(name).length).toBe(256 * 3);
  });

  // OpenCV's COLORMAP_JET table (imgproc/src/colormap.cpp), entries 0, 64, 128, 192, 255, as RGB bytes.
  it('jet matches OpenCV COLORMAP_JET within one level', () => {
    expectColor(at('jet', 0), [0, 0, 128], 1);
    expectColor(at('jet', 64 / 255), [0, 129, 255], 1);
    expectColor(at('jet', 0.5), [130, 255, 126], 1);
    expectColor(at('jet', 192 / 255), [255, 125, 0], 1);
    expectColor(at('jet', 1), [128, 0, 0], 1);
  });

  it('jet follows its closed form: tents centred at 3/4, 1/2, 1/4 for red, green, blue', () => {
    expect(jetColor(0.75)).toEqual([1, 0.5, 0]);
    expect(jetColor(0.5)).toEqual([0.5, 1, 0.5]);
    expect(jetColor(0.25)).toEqual([0, 0.5, 1]);
  });

  // matplotlib's published tables (_cm_listed.py) at 0, 0.5 and 1.
  it('viridis matches matplotlib: #440154, #21918c, #fde725', () => {
    expectColor(at('viridis', 0), hex('#440154'), 1);
    expectColor(at('viridis', 0.5), hex('#21918c'), 1);
    expectColor(at('viridis', 1), hex('#fde725'), 1);
  });

  it('inferno matches matplotlib: #000004, #bc3754, #fcffa4', () => {
    expectColor(at('inferno', 0), hex('#000004'), 1);
    expectColor(at('inferno', 0.5), hex('#bc3754'), 1);
    expectColor(at('inferno', 1), hex('#fcffa4'), 1);
  });

  it("turbo is d3's Turbo, within 35 levels of Google's published table at 0, 0.5 and 1", () => {
    for (const [value, google] of [
      [0, [48, 18, 59]],
      [0.5, [164, 252, 60]],
      [1, [122, 4, 3]],
    ] as const) {
      const d3 = /rgb\((\d+), (\d+), (\d+)\)/.exec(interpolateTurbo(lutIndex(value) / 255))?.slice(1).map(Number) ?? [];
      expectColor(at('turbo', value), d3, 0);
      expectColor(at('turbo', value), [...google], 35);
    }
  });

  it('colorize clamps values outside [0, 1] and treats NaN as 0', () => {
    const out = Array.from(colorize([-3, 0, 1, 7, Number.NaN], 'viridis'));
    const first = out.slice(0, 3);
    const last = out.slice(6, 9);
    expect(out.slice(3, 6)).toEqual(first);
    expect(out.slice(9, 12)).toEqual(last);
    expect(out.slice(12, 15)).toEqual(first);
  });

  it('colorize picks the nearest of the 256 levels', () => {
    expect(lutIndex(0.5)).toBe(128);
    expect(lutIndex(1 / 255 - 0.001)).toBe(1);
    expect(lutIndex(0.4 / 255)).toBe(0);
  });

  it('rejects an unknown colormap, listing the known ones', () => {
    expect(() => colorize([0.5], 'rainbow')).toThrow(new UsageError("unknown colormap 'rainbow'; expected one of: jet, turbo, viridis, inferno"));
  });
});
