import type { Regions } from '../../attribution/connectivity.js';

/**
 * Calls visit on each of the up to 8 neighbours of entry i of a row-major width x height grid: diagonal
 * contact joins regions, so a blob drawn at an angle stays one region.
 */
export function eachNeighbour8(i: number, width: number, height: number, visit: (j: number) => void): void {
  const x = i % width;
  const y = (i - x) / width;
  for (let dy = -1; dy <= 1; dy++) {
    const yy = y + dy;
    if (yy < 0 || yy >= height) continue;
    for (let dx = -1; dx <= 1; dx++) {
      const xx = x + dx;
      if ((dx === 0 && dy === 0) || xx < 0 || xx >= width) continue;
      visit(yy * width + xx);
    }
  }
}

/**
 * 8-connected components of the non-zero entries of a row-major mask, labelled 1..count in row-major order
 * of each region's first entry; flood fill with an explicit stack, O(n). The 8-connected counterpart of
 * `connectedRegions` (attribution/connectivity.ts, 4-connected).
 */
export function connectedRegions8(mask: Uint8Array, width: number, height: number): Regions {
  const labels = new Int32Array(mask.length);
  const stack = new Int32Array(mask.length);
  const sizes: number[] = [];
  for (let seed = 0; seed < mask.length; seed++) {
    if (mask[seed] === 0 || labels[seed] !== 0) continue;
    const label = sizes.length + 1;
    let size = 0;
    let top = 0;
    stack[top++] = seed;
    labels[seed] = label;
    const push = (j: number): void => {
      if (mask[j] !== 0 && labels[j] === 0) {
        labels[j] = label;
        stack[top++] = j;
      }
    };
    while (top > 0) {
      size++;
      eachNeighbour8(stack[--top], width, height, push);
    }
    sizes.push(size);
  }
  return { labels, count: sizes.length, sizes: Uint32Array.from(sizes) };
}
