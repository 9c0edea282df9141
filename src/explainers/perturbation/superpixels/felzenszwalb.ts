/**
 * Graph-based segmentation — Felzenszwalb & Huttenlocher, "Efficient Graph-Based Image Segmentation",
 * IJCV 2004. Pixels are nodes of an 8-connected grid graph, edges weighted by the colour distance of the
 * smoothed image; edges are taken in increasing weight and merge two components when the weight is below
 * both components' internal difference plus scale / size (the paper's k / |C|). A last pass merges
 * components smaller than minSize. As in scikit-image, the channels are compared jointly (Euclidean
 * distance) rather than segmented one by one and intersected, and `scale` is in 0..255 units.
 */
import { UsageError } from '../../../errors.js';
import { gaussianBlur } from './gaussian-blur.js';
import { assertPixelImage, relabelContiguous, type PixelImage } from './pixel-image.js';

export interface FelzenszwalbOptions {
  /** k: larger gives larger segments (colour differences are in 0..255 units). */
  scale: number;
  /** Gaussian smoothing before segmenting, in pixels. */
  sigma: number;
  /** Smallest segment kept, in pixels. */
  minSize: number;
}

/** sigma = 0.8 as in Felzenszwalb & Huttenlocher 2004 (§5); scale and minSize are scikit-image's defaults. */
export const FELZENSZWALB_DEFAULTS: FelzenszwalbOptions = { scale: 1, sigma: 0.8, minSize: 20 };

/** Image values are in [0, 1]; the paper's k is for 0..255 intensities. */
const INTENSITY_RANGE = 255;

export function felzenszwalb(image: PixelImage, options: Partial<FelzenszwalbOptions> = {}): Int32Array {
  const opts = { ...FELZENSZWALB_DEFAULTS, ...options };
  assertPixelImage(image);
  if (!(opts.scale > 0)) throw new UsageError(`felzenszwalb scale must be > 0, got ${opts.scale}`);
  if (!(opts.sigma >= 0)) throw new UsageError(`felzenszwalb sigma must be >= 0, got ${opts.sigma}`);
  if (!Number.isInteger(opts.minSize) || opts.minSize < 0) throw new UsageError(`felzenszwalb min size must be a non-negative integer, got ${opts.minSize}`);

  const smooth = gaussianBlur(image, opts.sigma);
  const edges = gridEdges(smooth);
  const order = Array.from({ length: edges.weight.length }, (_, e) => e).sort((a, b) => edges.weight[a] - edges.weight[b] || a - b);
  const forest = new DisjointSets(image.width * image.height);
  const k = opts.scale / INTENSITY_RANGE;
  for (const e of order) {
    const a = forest.find(edges.from[e]);
    const b = forest.find(edges.to[e]);
    const w = edges.weight[e];
    if (a !== b && w < Math.min(forest.internal[a] + k / forest.size[a], forest.internal[b] + k / forest.size[b])) {
      // Edges come in increasing weight, so w is the largest in the merged tree: its internal difference.
      forest.internal[forest.union(a, b)] = w;
    }
  }
  for (const e of order) {
    const a = forest.find(edges.from[e]);
    const b = forest.find(edges.to[e]);
    if (a !== b && (forest.size[a] < opts.minSize || forest.size[b] < opts.minSize)) forest.union(a, b);
  }
  return relabelContiguous(Int32Array.from({ length: image.width * image.height }, (_, p) => forest.find(p)));
}

interface Edges {
  from: Int32Array;
  to: Int32Array;
  weight: Float64Array;
}

/** Right, down, down-right and up-right neighbours: every 8-connected pair once. */
function gridEdges(image: PixelImage): Edges {
  const { width, height, channels, data } = image;
  const from: number[] = [];
  const to: number[] = [];
  const weight: number[] = [];
  const add = (p: number, q: number): void => {
    let d = 0;
    for (let c = 0; c < channels; c++) d += (data[p * channels + c] - data[q * channels + c]) ** 2;
    from.push(p);
    to.push(q);
    weight.push(Math.sqrt(d));
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      if (x + 1 < width) add(p, p + 1);
      if (y + 1 < height) add(p, p + width);
      if (x + 1 < width && y + 1 < height) add(p, p + width + 1);
      if (x + 1 < width && y > 0) add(p, p - width + 1);
    }
  }
  return { from: Int32Array.from(from), to: Int32Array.from(to), weight: Float64Array.from(weight) };
}

/** Union-find with union by size and path halving; tracks each root's size and internal difference. */
class DisjointSets {
  readonly parent: Int32Array;
  readonly size: Int32Array;
  readonly internal: Float64Array;

  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
    this.size = new Int32Array(n).fill(1);
    this.internal = new Float64Array(n);
  }

  find(p: number): number {
    while (this.parent[p] !== p) {
      this.parent[p] = this.parent[this.parent[p]];
      p = this.parent[p];
    }
    return p;
  }

  /** Join two roots; returns the new root. */
  union(a: number, b: number): number {
    const [big, small] = this.size[a] >= this.size[b] ? [a, b] : [b, a];
    this.parent[small] = big;
    this.size[big] += this.size[small];
    return big;
  }
}
