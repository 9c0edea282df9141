import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { connectedRegions, largestRegions } from '../src/attribution/connectivity.js';
import { mulberry32 } from '../src/attribution/random.js';

/**
 * Reference labelling by repeated relaxation: every set entry starts with its own id and takes the
 * smallest id among itself and its 4 neighbours until nothing changes; then ids are renumbered by
 * first appearance in row-major order.
 */
function relaxationLabels(mask: Uint8Array, width: number, height: number): number[] {
  const id = Array.from(mask, (m, i) => (m ? i + 1 : 0));
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < id.length; i++) {
      if (!id[i]) continue;
      const x = i % width;
      const y = Math.floor(i / width);
      const neighbours = [
        x > 0 ? id[i - 1] : 0,
        x < width - 1 ? id[i + 1] : 0,
        y > 0 ? id[i - width] : 0,
        y < height - 1 ? id[i + width] : 0,
      ].filter((n) => n > 0);
      const smallest = Math.min(id[i], ...neighbours);
      if (smallest < id[i]) {
        id[i] = smallest;
        changed = true;
      }
    }
  }
  const renumber = new Map<number, number>();
  return id.map((v) => {
    if (!v) return 0;
    if (!renumber.has(v)) renumber.set(v, renumber.size + 1);
    return renumber.get(v)!;
  });
}

const handMade = Uint8Array.from([
  1, 1, 0, 0,
  0, 1, 0, 1,
  0, 0, 0, 1,
  1, 0, 1, 1,
]);

describe('connectedRegions', () => {
  it('labels a hand-made mask in row-major order of first entry', () => {
    const { labels, count, sizes } = connectedRegions(handMade, 4, 4);
    expect(count).toBe(3);
    expect(Array.from(labels)).toEqual([1, 1, 0, 0, 0, 1, 0, 2, 0, 0, 0, 2, 3, 0, 2, 2]);
    expect(Array.from(sizes)).toEqual([3, 4, 1]);
  });

  it('does not join diagonal neighbours', () => {
    expect(connectedRegions(Uint8Array.from([1, 0, 0, 1]), 2, 2).count).toBe(2);
  });

  it('does not join the end of one row to the start of the next', () => {
    const { count } = connectedRegions(Uint8Array.from([0, 0, 1, 1, 0, 0]), 3, 2);
    expect(count).toBe(2);
  });

  it('finds one region covering a full mask and none in an empty one', () => {
    const full = connectedRegions(new Uint8Array(300 * 200).fill(1), 300, 200);
    expect([full.count, full.sizes[0]]).toEqual([1, 60000]);
    expect(connectedRegions(new Uint8Array(12), 4, 3).count).toBe(0);
  });

  it('agrees with labelling by relaxation on random masks', () => {
    const rng = mulberry32(31);
    for (let trial = 0; trial < 60; trial++) {
      const width = 1 + Math.floor(rng() * 15);
      const height = 1 + Math.floor(rng() * 15);
      const density = rng();
      const mask = Uint8Array.from({ length: width * height }, () => (rng() < density ? 1 : 0));
      expect(Array.from(connectedRegions(mask, width, height).labels)).toEqual(relaxationLabels(mask, width, height));
    }
  });

  it('rejects a mask whose length does not match the grid', () => {
    expect(() => connectedRegions(new Uint8Array(5), 2, 2)).toThrow(/5 entries, expected width \* height = 4/);
  });
});

describe('largestRegions', () => {
  const values = Float32Array.from(handMade, (m, i) => (m ? (i + 1) / 16 : 0));

  it('keeps only the largest region', () => {
    const out = largestRegions(values, 4, 4, 1);
    expect(Array.from(out, (v) => v > 0)).toEqual(Array.from(handMade, (_, i) => [7, 11, 14, 15].includes(i)));
    expect(out[15]).toBe(values[15]);
  });

  it('keeps the two largest regions and drops the speck', () => {
    const out = largestRegions(values, 4, 4, 2);
    expect(out[12]).toBe(0);
    expect(Array.from(out, (v) => v > 0).filter(Boolean).length).toBe(7);
  });

  it('breaks equal sizes by row-major order', () => {
    const out = largestRegions(Float32Array.from([1, 0, 2, 0, 3]), 5, 1, 2);
    expect(Array.from(out)).toEqual([1, 0, 2, 0, 0]);
  });

  it('treats negative entries as background and keeps all regions when asked for more than exist', () => {
    const out = largestRegions(Float32Array.from([1, -1, 2]), 3, 1, 5);
    expect(Array.from(out)).toEqual([1, 0, 2]);
  });

  it.each([0, 1.5])('rejects a region count of %s with a UsageError', (keep) => {
    expect(() => largestRegions(values, 4, 4, keep)).toThrow(UsageError);
  });
});
