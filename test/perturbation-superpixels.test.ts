import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/attribution/random.js';
import { UsageError } from '../src/errors.js';
import { rgbToLab } from '../src/explainers/perturbation/superpixels/lab.js';
import { relabelContiguous, segmentCount, type PixelImage } from '../src/explainers/perturbation/superpixels/pixel-image.js';
import { segment, type SegmenterSpec } from '../src/explainers/perturbation/superpixels/segment.js';

/** Four flat quadrants of distinct colours, plus optional small noise. */
function quadrants(size: number, noise = 0, seed = 1): PixelImage {
  const colours = [[0.9, 0.1, 0.1], [0.1, 0.8, 0.2], [0.15, 0.2, 0.9], [0.95, 0.9, 0.2]];
  const rng = mulberry32(seed);
  const data = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const q = quadrantOf(x, y, size);
      for (let c = 0; c < 3; c++) data[(y * size + x) * 3 + c] = colours[q][c] + noise * (rng() - 0.5);
    }
  }
  return { data, width: size, height: size, channels: 3 };
}

function quadrantOf(x: number, y: number, size: number): number {
  return (y < size / 2 ? 0 : 2) + (x < size / 2 ? 0 : 1);
}

function flat(size: number): PixelImage {
  return { data: new Float32Array(size * size * 3).fill(0.5), width: size, height: size, channels: 3 };
}

/** True when the pixels of every label form one 4-connected piece. */
function everySegmentConnected(labels: Int32Array, width: number): boolean {
  const k = segmentCount(labels);
  const seen = new Uint8Array(labels.length);
  const started = new Uint8Array(k);
  for (let s = 0; s < labels.length; s++) {
    if (seen[s]) continue;
    if (started[labels[s]]) return false;
    started[labels[s]] = 1;
    const stack = [s];
    seen[s] = 1;
    while (stack.length) {
      const p = stack.pop() as number;
      const x = p % width;
      for (const q of [x > 0 ? p - 1 : -1, x < width - 1 ? p + 1 : -1, p - width, p + width]) {
        if (q >= 0 && q < labels.length && !seen[q] && labels[q] === labels[s]) {
          seen[q] = 1;
          stack.push(q);
        }
      }
    }
  }
  return true;
}

const SPECS: SegmenterSpec[] = [
  { kind: 'quickshift' },
  { kind: 'slic', segments: 16 },
  { kind: 'felzenszwalb', scale: 30 },
];

describe.each(SPECS)('superpixels: $kind', (spec) => {
  it('keeps every segment inside one quadrant of a four-colour image', () => {
    const size = 32;
    const labels = segment(quadrants(size, 0.02), spec);
    const quadrantOfLabel = new Map<number, number>();
    for (let p = 0; p < labels.length; p++) {
      const q = quadrantOf(p % size, Math.floor(p / size), size);
      expect(quadrantOfLabel.get(labels[p]) ?? q).toBe(q);
      quadrantOfLabel.set(labels[p], q);
    }
    expect(new Set(quadrantOfLabel.values()).size).toBe(4);
  });

  it('labels are contiguous 0..K-1', () => {
    const labels = segment(quadrants(24, 0.3, 5), spec);
    const k = segmentCount(labels);
    expect(new Set(labels).size).toBe(k);
    expect(Math.min(...labels)).toBe(0);
  });

  it('gives few segments on a flat image', () => {
    expect(segmentCount(segment(flat(32), spec))).toBeLessThanOrEqual(spec.kind === 'slic' ? 16 : 4);
  });
});

describe('superpixel specifics', () => {
  it('SLIC segments are connected and about as many as asked on a noisy image', () => {
    const labels = segment(quadrants(48, 0.4, 3), { kind: 'slic', segments: 36 });
    expect(everySegmentConnected(labels, 48)).toBe(true);
    const k = segmentCount(labels);
    expect(k).toBeGreaterThanOrEqual(18);
    expect(k).toBeLessThanOrEqual(72);
  });

  it('felzenszwalb merges segments below the minimum size', () => {
    const labels = segment(quadrants(32, 0.6, 9), { kind: 'felzenszwalb', scale: 1, minSize: 30 });
    const sizes = new Map<number, number>();
    labels.forEach((l) => sizes.set(l, (sizes.get(l) ?? 0) + 1));
    expect(Math.min(...sizes.values())).toBeGreaterThanOrEqual(30);
  });

  it('a larger felzenszwalb scale gives fewer segments', () => {
    const image = quadrants(32, 0.5, 4);
    const fine = segmentCount(segment(image, { kind: 'felzenszwalb', scale: 10, minSize: 1 }));
    const coarse = segmentCount(segment(image, { kind: 'felzenszwalb', scale: 1000, minSize: 1 }));
    expect(coarse).toBeLessThan(fine);
  });

  it('a smaller quickshift max distance gives more segments', () => {
    const image = quadrants(32, 0.5, 4);
    const loose = segmentCount(segment(image, { kind: 'quickshift', maxDist: 200 }));
    const tight = segmentCount(segment(image, { kind: 'quickshift', maxDist: 2 }));
    expect(tight).toBeGreaterThan(loose);
  });

  it('quickshift is deterministic under a seed', () => {
    const image = quadrants(24, 0.5, 2);
    expect(segment(image, { kind: 'quickshift', kernelSize: 2 }, 7)).toEqual(segment(image, { kind: 'quickshift', kernelSize: 2 }, 7));
  });

  it('rejects bad options with a UsageError', () => {
    const image = flat(8);
    expect(() => segment(image, { kind: 'slic', segments: 0 })).toThrow(UsageError);
    expect(() => segment(image, { kind: 'quickshift', ratio: 2 })).toThrow(UsageError);
    expect(() => segment({ ...image, width: 9 }, { kind: 'felzenszwalb' })).toThrow(/expected 9x8x3/);
  });

  it('relabels in order of first appearance', () => {
    expect([...relabelContiguous([7, 7, 3, 9, 3])]).toEqual([0, 0, 1, 2, 1]);
  });

  it('converts sRGB white, black and red to the textbook Lab values', () => {
    const lab = rgbToLab({ data: Float32Array.from([1, 1, 1, 0, 0, 0, 1, 0, 0]), width: 3, height: 1, channels: 3 }).data;
    expect(lab[0]).toBeCloseTo(100, 2);
    expect(Math.abs(lab[1])).toBeLessThan(0.01);
    expect(lab[3]).toBeCloseTo(0, 4);
    expect(lab[6]).toBeCloseTo(53.24, 1);
    expect(lab[7]).toBeCloseTo(80.09, 1);
    expect(lab[8]).toBeCloseTo(67.2, 1);
  });
});
