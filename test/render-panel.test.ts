import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { composePanels, fourPanel, MAX_PANEL_HEIGHT, MIN_PANEL_HEIGHT, PANEL_GUTTER } from '../src/render/panel.js';
import { resizeRgb } from '../src/image/resize-rgb.js';

function noise(width: number, height: number) {
  return { rgb: Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 91) % 251), width, height };
}

function pixel(figure: { rgb: Uint8Array; width: number }, x: number, y: number): number[] {
  const p = (y * figure.width + x) * 3;
  return Array.from(figure.rgb.subarray(p, p + 3));
}

const ONES = { values: new Float32Array(49).fill(1), width: 7, height: 7 };
/** 0.5 everywhere: below a cutoff of 1, so nothing is kept. */
const HALF_ZERO = { values: new Float32Array(49).fill(0.5), width: 7, height: 7 };

describe('fourPanel', () => {
  it('lays out four panels of one size with white gutters; small images grow to the minimum height', () => {
    const image = noise(300, 200);
    const figure = fourPanel({ image, cam: ONES, cutoff: 1 });
    const panelW = Math.round((300 * MIN_PANEL_HEIGHT) / 200);
    expect(panelW).toBe(336);
    expect([figure.width, figure.height]).toEqual([4 * panelW + 3 * PANEL_GUTTER, MIN_PANEL_HEIGHT]);
    expect(figure.rgb.length).toBe(figure.width * figure.height * 3);
    expect(figure.columns).toEqual([0, 1, 2, 3].map((i) => ({ left: i * (panelW + PANEL_GUTTER), width: panelW })));
    for (let g = 0; g < PANEL_GUTTER; g++) expect(pixel(figure, panelW + g, 100)).toEqual([255, 255, 255]);
  });

  it('caps the panel height for large images', () => {
    const figure = fourPanel({ image: noise(1000, 800), cam: ONES, cutoff: 1 });
    expect(figure.height).toBe(MAX_PANEL_HEIGHT);
    expect(figure.columns[0].width).toBe(640);
  });

  it('shows the image, the cam, the simplified map and the overlay, in that order', () => {
    const image = noise(40, 30);
    const figure = fourPanel({ image, cam: HALF_ZERO, cutoff: 1, panelHeight: 30, colormap: 'jet' });
    const scaled = resizeRgb(image, 40, 30);
    const [first, cam, simplified, overlay] = figure.columns.map((c) => c.left);
    expect(pixel(figure, first + 5, 5)).toEqual(pixel(scaled, 5, 5));
    expect(pixel(figure, cam + 5, 5)).toEqual([130, 255, 126]); // jet(0.5)
    expect(pixel(figure, simplified + 5, 5)).toEqual([0, 0, 128]);
    // What the threshold discarded is shown as zero in the simplified panel and left untinted in the overlay.
    expect(pixel(figure, overlay + 5, 5)).toEqual(pixel(scaled, 5, 5));
  });

  it('blends the kept part of the simplified map at the given alpha', () => {
    const image = { rgb: new Uint8Array(20 * 20 * 3).fill(100), width: 20, height: 20 };
    const figure = fourPanel({ image, cam: ONES, cutoff: 1, panelHeight: 20, alpha: 0.25 });
    // jet(1) = (128, 0, 0): 0.75 * 100 + 0.25 * [128, 0, 0]
    expect(pixel(figure, figure.columns[3].left + 10, 10)).toEqual([107, 75, 75]);
  });

  it('places the maps in the crop box, scaled to the panel', () => {
    const image = { rgb: new Uint8Array(100 * 50 * 3).fill(200), width: 100, height: 50 };
    const box = { left: 50, top: 0, width: 50, height: 50 };
    const figure = fourPanel({ image, cam: ONES, cutoff: 1, panelHeight: 50, box });
    const cam = figure.columns[1].left;
    expect(pixel(figure, cam + 10, 25)).toEqual([200, 200, 200]);
    expect(pixel(figure, cam + 80, 25)).toEqual([128, 0, 0]);
  });
});

describe('composePanels', () => {
  it('rejects panels of different heights and an empty list', () => {
    expect(() => composePanels([noise(4, 4), noise(4, 5)])).toThrow(new UsageError('panel 2: expected height 4 like the first panel, got 5'));
    expect(() => composePanels([])).toThrow(UsageError);
  });
});
