/**
 * RISE's random masks (Petsiuk et al. 2018, §3.2): a binary s x s grid, each cell kept with probability p,
 * upsampled bilinearly to (s + 1) x cell size and cropped to the input at a random shift of less than one
 * cell, so that the smooth masks are not all aligned to the same grid. The reference code upsamples with
 * scikit-image (mirrored border); here the border clamps, which differs only within half a cell of the
 * upsampled map's edge.
 */
import { resizeBilinear } from '../../attribution/resize.js';

export interface MaskGrid {
  /** s: cells per side. */
  grid: number;
  /** p: probability that a cell is kept. */
  keep: number;
}

/** `count` masks of width x height values in [0, 1], concatenated; `rng` is advanced. */
export function riseMasks(count: number, width: number, height: number, spec: MaskGrid, rng: () => number): Float32Array {
  const { grid: s, keep } = spec;
  const cellW = Math.ceil(width / s);
  const cellH = Math.ceil(height / s);
  const upW = (s + 1) * cellW;
  const upH = (s + 1) * cellH;
  const out = new Float32Array(count * width * height);
  const cells = new Float32Array(s * s);
  for (let i = 0; i < count; i++) {
    for (let c = 0; c < cells.length; c++) cells[c] = rng() < keep ? 1 : 0;
    const dx = Math.floor(rng() * cellW);
    const dy = Math.floor(rng() * cellH);
    const up = resizeBilinear(cells, s, s, upW, upH);
    for (let y = 0; y < height; y++) {
      out.set(up.subarray((y + dy) * upW + dx, (y + dy) * upW + dx + width), (i * height + y) * width);
    }
  }
  return out;
}
