import { UsageError } from '../errors.js';

export interface Regions {
  /** Per entry: 0 for background, else the region's label 1..count, numbered in row-major order of first entry. */
  labels: Int32Array;
  /** Number of regions. */
  count: number;
  /** sizes[label - 1]: how many entries carry that label. */
  sizes: Uint32Array;
}

function assertGrid(length: number, width: number, height: number): void {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width >= 0 && height >= 0)) {
    throw new Error(`grid size must be non-negative integers, got ${width}x${height}`);
  }
  if (length !== width * height) {
    throw new Error(`map has ${length} entries, expected width * height = ${width * height}`);
  }
}

/** 4: edge neighbours only; 8: corners too, so a blob drawn at an angle stays one region. */
export type Connectivity = 4 | 8;

/** Calls visit on each 4- or 8-neighbour of entry i of a row-major width x height grid. */
export function eachNeighbour(i: number, width: number, height: number, connectivity: Connectivity, visit: (j: number) => void): void {
  const x = i % width;
  const y = (i - x) / width;
  for (let dy = -1; dy <= 1; dy++) {
    const yy = y + dy;
    if (yy < 0 || yy >= height) continue;
    for (let dx = -1; dx <= 1; dx++) {
      const xx = x + dx;
      if ((dx === 0 && dy === 0) || xx < 0 || xx >= width) continue;
      if (connectivity === 4 && dx !== 0 && dy !== 0) continue;
      visit(yy * width + xx);
    }
  }
}

/**
 * Connected components (4- or 8-connected, default 4) of the non-zero entries of a row-major mask, by flood
 * fill with an explicit stack (no recursion, so a region the size of the whole map cannot overflow the call
 * stack). O(n).
 */
export function connectedRegions(mask: Uint8Array, width: number, height: number, connectivity: Connectivity = 4): Regions {
  assertGrid(mask.length, width, height);
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
    // Each neighbour is labelled when pushed, so no entry enters the stack twice.
    const push = (j: number): void => {
      if (mask[j] !== 0 && labels[j] === 0) {
        labels[j] = label;
        stack[top++] = j;
      }
    };
    while (top > 0) {
      size++;
      eachNeighbour(stack[--top], width, height, connectivity, push);
    }
    sizes.push(size);
  }
  return { labels, count: sizes.length, sizes: Uint32Array.from(sizes) };
}

/**
 * The map with only its `keepCount` largest 4-connected regions of positive entries left, the rest
 * zeroed: contiguous evidence rather than speckle. Regions rank by entry count; equal sizes keep the
 * region met first in row-major order, so the result never depends on anything but the map.
 */
export function largestRegions(
  values: ArrayLike<number>,
  width: number,
  height: number,
  keepCount: number,
): Float32Array {
  if (!(Number.isInteger(keepCount) && keepCount >= 1)) {
    throw new UsageError(`region count must be an integer >= 1, got ${keepCount}`);
  }
  assertGrid(values.length, width, height);
  const mask = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) mask[i] = values[i] > 0 ? 1 : 0;
  const { labels, count, sizes } = connectedRegions(mask, width, height);

  const ranked = Array.from({ length: count }, (_, r) => r + 1).sort((a, b) => sizes[b - 1] - sizes[a - 1] || a - b);
  const keep = new Uint8Array(count + 1);
  for (const label of ranked.slice(0, keepCount)) keep[label] = 1;

  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) if (keep[labels[i]] === 1) out[i] = values[i];
  return out;
}
