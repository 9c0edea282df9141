import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/attribution/random.js';
import { grid } from '../src/attribution/types.js';
import { keptBlocks, keptPixelsOnly } from '../src/evaluate/limitations/families/image-regions.js';
import { componentCount, fragmentCount, runCount } from '../src/evaluate/limitations/fragments.js';

/** Components by repeated flood over an adjacency list, the textbook way. */
function naiveComponents(mask: Uint8Array, edges: Array<[number, number]>): number {
  const seen = new Set<number>();
  let components = 0;
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || seen.has(start)) continue;
    components++;
    const queue = [start];
    seen.add(start);
    while (queue.length > 0) {
      const node = queue.pop() as number;
      for (const [a, b] of edges) {
        const next = a === node ? b : b === node ? a : -1;
        if (next >= 0 && mask[next] && !seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
  }
  return components;
}

describe('fragmentCount', () => {
  it('counts 4-connected regions of kept entries on a grid (diagonal neighbours apart)', () => {
    // 1 1 0 0
    // 0 0 0 1
    // 0 0 1 0   <- diagonal to the cell above-right: its own region
    const kept = [1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0];
    expect(fragmentCount(kept, grid(4, 3))).toBe(3);
    expect(fragmentCount(new Float32Array(12), grid(4, 3))).toBe(0);
  });

  it('counts maximal runs of kept steps on a sequence', () => {
    expect(runCount(Uint8Array.from([1, 1, 0, 1, 0, 0, 1, 1, 1]))).toBe(3);
    expect(runCount(Uint8Array.from([0, 0, 0]))).toBe(0);
    expect(fragmentCount([0.2, 0, 0.5, 0.7, 0, 0.1], { kind: 'sequence', length: 6 })).toBe(3);
  });

  it('counts connected components of the kept subgraph as a flood fill does, on random graphs', () => {
    const rng = mulberry32(21);
    for (let trial = 0; trial < 100; trial++) {
      const nodes = 1 + Math.floor(rng() * 30);
      const edges: Array<[number, number]> = Array.from({ length: Math.floor(rng() * 40) }, () => [Math.floor(rng() * nodes), Math.floor(rng() * nodes)]);
      const mask = Uint8Array.from({ length: nodes }, () => (rng() < 0.5 ? 1 : 0));
      expect(componentCount(mask, edges)).toBe(naiveComponents(mask, edges));
      expect(fragmentCount(mask, { kind: 'graph', nodes, edges })).toBe(naiveComponents(mask, edges));
    }
  });

  it('ignores an edge naming a node outside the map instead of looping', () => {
    expect(componentCount(Uint8Array.from([1, 1]), [[0, 5], [0, 1]])).toBe(1);
  });
});

describe("the image families' kept regions", () => {
  it('projects kept cells to their blocks of pixels', () => {
    const mask = keptBlocks([0, 1, 0, 0], 2, 2, 4, 4);
    expect(Array.from(mask)).toEqual([0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('replaces the pixels outside the mask by the per-channel mean and leaves the kept ones', () => {
    // Two pixels, two channels: means are (2, 5).
    const image = Float32Array.from([1, 4, 3, 6]);
    expect(Array.from(keptPixelsOnly(image, Uint8Array.from([1, 0]), 2))).toEqual([1, 4, 2, 5]);
  });
});
