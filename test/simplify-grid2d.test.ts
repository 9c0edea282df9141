import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/attribution/random.js';
import { dynamicThreshold } from '../src/attribution/threshold/dynamic.js';
import { UsageError } from '../src/errors.js';
import { connectedRegions } from '../src/attribution/connectivity.js';
import { simplifyGrid } from '../src/universal/simplify/grid2d.js';

/** 8-connected labels by union-find over every pair of set entries (O(n^2)), renumbered by first appearance. */
function naiveLabels8(mask: Uint8Array, width: number): number[] {
  const parent = Array.from(mask, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let a = 0; a < mask.length; a++) {
    for (let b = a + 1; b < mask.length; b++) {
      if (!mask[a] || !mask[b]) continue;
      const near = Math.abs((a % width) - (b % width)) <= 1 && Math.abs(Math.floor(a / width) - Math.floor(b / width)) <= 1;
      if (near) parent[find(a)] = find(b);
    }
  }
  const renumber = new Map<number, number>();
  return Array.from(mask, (m, i) => {
    if (!m) return 0;
    const root = find(i);
    if (!renumber.has(root)) renumber.set(root, renumber.size + 1);
    return renumber.get(root)!;
  });
}

/** The grid simplifier written the plain way: sort, sum, and scan the whole grid for every grown cell. */
function naiveSimplifyGrid(values: Float32Array, width: number, height: number, minCoverage: number, minArea: number): Uint8Array {
  const n = values.length;
  const seed = dynamicThreshold(values, { minCoverage });
  const kept = new Uint8Array(n);
  if (seed.energy === 0) return kept;
  const mask = Uint8Array.from(seed.values, (v) => (v > 0 ? 1 : 0));
  const labels = naiveLabels8(mask, width);
  const count = Math.max(0, ...labels);
  const regions = Array.from({ length: count }, (_, r) => {
    const cells = labels.flatMap((l, i) => (l === r + 1 ? [i] : []));
    return { label: r + 1, cells, mass: cells.reduce((s, i) => s + Math.max(0, values[i]), 0) };
  });
  const solid = regions.filter((r) => r.cells.length >= minArea);
  const ranked = (solid.length ? solid : regions).sort((a, b) => b.mass - a.mass || a.label - b.label);
  let needed = 0;
  while (needed / n < minCoverage) needed++;
  let keptCount = 0;
  for (const r of ranked) {
    if (keptCount >= needed) break;
    for (const i of r.cells) kept[i] = 1;
    keptCount += r.cells.length;
  }
  while (keptCount < needed) {
    let best = -1;
    for (let i = 0; i < n; i++) {
      if (kept[i]) continue;
      const x = i % width;
      const y = Math.floor(i / width);
      let touches = false;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx;
        const yy = y + dy;
        if (xx >= 0 && yy >= 0 && xx < width && yy < height && kept[yy * width + xx]) touches = true;
      }
      if (touches && (best < 0 || Math.max(0, values[i]) > Math.max(0, values[best]))) best = i;
    }
    kept[best] = 1;
    keptCount++;
  }
  return kept;
}

/** A map of a few Gaussian blobs plus speckle: what CAMs and gradient maps look like. */
function blobbyMap(width: number, height: number, seed: number): Float32Array {
  const rng = mulberry32(seed);
  const out = new Float32Array(width * height);
  const blobs = 1 + Math.floor(rng() * 3);
  for (let b = 0; b < blobs; b++) {
    const cx = rng() * width;
    const cy = rng() * height;
    const r = 0.5 + rng() * width * 0.2;
    const peak = 0.3 + rng();
    for (let i = 0; i < out.length; i++) {
      const d2 = ((i % width) - cx) ** 2 + (Math.floor(i / width) - cy) ** 2;
      out[i] += peak * Math.exp(-d2 / (2 * r * r));
    }
  }
  for (let i = 0; i < out.length; i++) if (rng() < 0.05) out[i] += rng() * 1.5;
  for (let i = 0; i < out.length; i++) if (rng() < 0.2) out[i] = rng() < 0.5 ? 0 : -out[i];
  return out;
}

describe('8-connected regions', () => {
  it('join diagonal neighbours and match a union-find labelling on random masks', () => {
    const diagonal = Uint8Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(connectedRegions(diagonal, 3, 3, 8).count).toBe(1);
    const rng = mulberry32(11);
    for (let trial = 0; trial < 40; trial++) {
      const width = 1 + Math.floor(rng() * 12);
      const height = 1 + Math.floor(rng() * 12);
      const mask = Uint8Array.from({ length: width * height }, () => (rng() < 0.4 ? 1 : 0));
      const r = connectedRegions(mask, width, height, 8);
      expect(Array.from(r.labels)).toEqual(naiveLabels8(mask, width));
      expect(r.sizes.reduce((s, v) => s + v, 0)).toBe(mask.reduce((s, v) => s + v, 0));
    }
  });
});

describe('grid simplification: regions, not speckle', () => {
  it('keeps the blob and drops an isolated speck that the plain threshold keeps', () => {
    const width = 10;
    const values = new Float32Array(100);
    for (let y = 2; y < 5; y++) for (let x = 2; x < 5; x++) values[y * width + x] = 0.8 + 0.01 * (x + y);
    values[8 * width + 8] = 1; // a lone strong cell
    const plain = dynamicThreshold(values, { minCoverage: 0.05 });
    expect(plain.values[88]).toBe(1);
    const s = simplifyGrid(values, 10, 10, { minCoverage: 0.05, minArea: 2 });
    expect(s.kept[88]).toBe(0);
    expect(s.structure).toMatchObject({ kind: 'regions', count: 1 });
    for (let y = 2; y < 5; y++) for (let x = 2; x < 5; x++) expect(s.kept[y * width + x]).toBe(1);
    expect(s.threshold.coverage).toBeCloseTo(0.09, 10);
    const total = values.reduce((a, v) => a + v, 0);
    expect(s.threshold.energy).toBeCloseTo((total - 1) / total, 5);
    expect(s.coherence).toBeCloseTo(1, 10);
  });

  it('grows the kept regions into their strongest neighbours when speckle removal leaves them short of the floor', () => {
    const values = new Float32Array(100);
    values[0] = 1;
    values[1] = 0.9;
    values[55] = 0.95; // a speck under minArea 2
    values[11] = 0.2;
    values[10] = 0.1;
    const s = simplifyGrid(values, 10, 10, { minCoverage: 0.05, minArea: 2 });
    expect(s.threshold.coverage).toBeGreaterThanOrEqual(0.05);
    expect(s.kept[55]).toBe(0);
    expect(s.structure.count).toBe(1);
    expect([0, 1, 11, 10].every((i) => s.kept[i] === 1)).toBe(true);
  });

  it('equals the plain-loop reference on random maps, and always meets the floor with contiguous regions', () => {
    const rng = mulberry32(5);
    for (let trial = 0; trial < 60; trial++) {
      const width = 2 + Math.floor(rng() * 14);
      const height = 2 + Math.floor(rng() * 14);
      const values = blobbyMap(width, height, 100 + trial);
      const minCoverage = [0.01, 0.05, 0.1, 0.3, 0.7][trial % 5];
      const minArea = 1 + (trial % 4);
      const s = simplifyGrid(values, width, height, { minCoverage, minArea });
      expect(Array.from(s.kept)).toEqual(Array.from(naiveSimplifyGrid(values, width, height, minCoverage, minArea)));
      expect(s.threshold.coverage).toBeGreaterThanOrEqual(minCoverage);
      expect(s.threshold.energy).toBeGreaterThanOrEqual(0);
      expect(s.threshold.energy).toBeLessThanOrEqual(1);
      expect(connectedRegions(s.kept, width, height, 8).count).toBe(s.structure.count);
      for (let i = 0; i < values.length; i++) expect(s.threshold.values[i]).toBe(s.kept[i] ? Math.max(0, values[i]) : 0);
      expect(s.coherence).toBeGreaterThan(0);
      expect(s.coherence).toBeLessThanOrEqual(1);
    }
  });

  it('keeps nothing of an all-zero map and says so; rejects a size mismatch with one line', () => {
    const s = simplifyGrid(new Float32Array(16), 4, 4);
    expect(s.threshold.coverage).toBe(0);
    expect(s.structure).toMatchObject({ kind: 'regions', count: 0 });
    expect(s.structure.description).toMatch(/no positive evidence/);
    expect(() => simplifyGrid(new Float32Array(15), 4, 4)).toThrow(UsageError);
    expect(() => simplifyGrid(new Float32Array(16), 4, 4, { minCoverage: 0 })).toThrow(/minCoverage/);
  });
});
