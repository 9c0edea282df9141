import { describe, expect, it } from 'vitest';
import { axisPlacement, flipRows, mapBack, type TtaVariant } from '../src/explainers/smoothing/geometry.js';

/** A map on the variant's grid whose value at each cell is that cell's row or column in the original grid. */
function originalCoordinates(cells: number, input: number, scale: number): number[] {
  const { scaled, offset } = axisPlacement(input, scale);
  const k = cells / input;
  return Array.from({ length: cells }, (_, a) => (((a + 0.5) / k + offset) * input) / scaled * k - 0.5);
}

/** A one-row map (height 1) of the given values, carried back along x. */
function backAlongX(values: number[], variant: TtaVariant, inputWidth: number) {
  return mapBack(values, values.length, 1, variant, { width: inputWidth, height: 1 });
}

describe('test-time augmentation geometry', () => {
  it('centres the rescaled image, the odd pixel going after', () => {
    expect(axisPlacement(16, 0.9)).toEqual({ size: 16, scaled: 14, offset: -1 });
    expect(axisPlacement(16, 1.1)).toEqual({ size: 16, scaled: 18, offset: 1 });
    expect(axisPlacement(224, 0.9)).toEqual({ size: 224, scaled: 202, offset: -11 });
    expect(axisPlacement(15, 1.1)).toEqual({ size: 15, scaled: 17, offset: 1 });
  });

  it.each([0.9, 1.1])('carries a zoom of %s back to the original cell coordinates on the input grid', (scale) => {
    const back = backAlongX(originalCoordinates(16, 16, scale), { flip: false, scale }, 16);
    for (let j = 1; j < 15; j++) expect(back.values[j]).toBeCloseTo(j, 5);
  });

  it('carries a zoom back on a grid four times coarser than the input', () => {
    const back = backAlongX(originalCoordinates(8, 32, 1.1), { flip: false, scale: 1.1 }, 32);
    for (let j = 1; j < 7; j++) expect(back.values[j]).toBeCloseTo(j, 5);
  });

  it('marks the border a zoom-in crops off as unseen, and everything seen under a zoom-out', () => {
    expect(Array.from(backAlongX(new Array(16).fill(1), { flip: false, scale: 1.1 }, 16).covered)).toEqual([0, ...new Array(14).fill(1), 0]);
    expect(Array.from(backAlongX(new Array(16).fill(1), { flip: false, scale: 0.9 }, 16).covered)).toEqual(new Array(16).fill(1));
  });

  it('never reads the padding of a zoom-out: a map that is 1 on the image and 0 on the pad comes back all 1', () => {
    const padded = [0, ...new Array(14).fill(1), 0];
    expect(Array.from(backAlongX(padded, { flip: false, scale: 0.9 }, 16).values)).toEqual(new Array(16).fill(1));
  });

  it('unflips a flipped map exactly, on a 2-D grid', () => {
    const map = Array.from({ length: 12 }, (_, i) => i * i);
    const back = mapBack(flipRows(map, 4, 3), 4, 3, { flip: true, scale: 1 }, { width: 8, height: 6 });
    expect(Array.from(back.values)).toEqual(map);
    expect(Array.from(flipRows(map, 4, 3).slice(0, 4))).toEqual([9, 4, 1, 0]);
  });
});
