/**
 * Quick shift — Vedaldi & Soatto, "Quick Shift and Kernel Methods for Mode Seeking", ECCV 2008, as
 * scikit-image implements it for images. Each pixel's density is a Parzen estimate over a window in the
 * joint (colour * ratio, position) space; each pixel then links to its nearest neighbour of higher
 * density, links longer than `maxDist` are cut, and every tree of the resulting forest is one segment.
 */
import { UsageError } from '../../../errors.js';
import { mulberry32 } from '../../../attribution/random.js';
import { rgbToLab } from './lab.js';
import { assertPixelImage, relabelContiguous, type PixelImage } from './pixel-image.js';

export interface QuickshiftOptions {
  /** Width (sigma) of the Gaussian density kernel, in pixels. */
  kernelSize: number;
  /** Longest link kept in the (colour, position) space; longer links start a new segment. */
  maxDist: number;
  /** Weight of colour against position, in [0, 1]. */
  ratio: number;
  /** Measure colour in CIELAB (3-channel images only), as scikit-image does by default. */
  convertToLab: boolean;
}

/** lime_image's default segmentation: quickshift(kernel_size=4, max_dist=200, ratio=0.2) (Ribeiro et al. 2016). */
export const QUICKSHIFT_DEFAULTS: QuickshiftOptions = { kernelSize: 4, maxDist: 200, ratio: 0.2, convertToLab: true };

/** The density window reaches this many kernel widths: past 3 sigma the Gaussian is negligible (scikit-image). */
const WINDOW_SIGMAS = 3;
/** Scale of the noise added to densities so that ties (flat regions) have a definite order (scikit-image). */
const TIE_NOISE = 1e-5;
const NEGLIGIBLE_EXPONENT = -40;

export function quickshift(image: PixelImage, options: Partial<QuickshiftOptions> = {}, seed = 0): Int32Array {
  const opts = { ...QUICKSHIFT_DEFAULTS, ...options };
  assertPixelImage(image);
  if (!(opts.kernelSize > 0)) throw new UsageError(`quickshift kernel size must be > 0, got ${opts.kernelSize}`);
  if (!(opts.maxDist >= 0)) throw new UsageError(`quickshift max distance must be >= 0, got ${opts.maxDist}`);
  if (!(opts.ratio >= 0 && opts.ratio <= 1)) throw new UsageError(`quickshift ratio must be in [0, 1], got ${opts.ratio}`);

  const source = opts.convertToLab && image.channels === 3 ? rgbToLab(image) : image;
  const features = Float32Array.from(source.data, (v) => v * opts.ratio);
  const scaled = { ...source, data: features };
  const window = Math.ceil(WINDOW_SIGMAS * opts.kernelSize);
  const densities = parzenDensities(scaled, opts.kernelSize, window);
  const rng = mulberry32(seed);
  for (let p = 0; p < densities.length; p++) densities[p] += TIE_NOISE * (rng() - 0.5);
  const parent = linkToDenserNeighbour(scaled, densities, window, opts.maxDist);
  return relabelContiguous(forestRoots(parent));
}

/** Squared distance in (colour, position) between pixels p at (x, y) and q at (qx, qy). */
function jointDistance2(f: Float32Array, channels: number, p: number, q: number, dx: number, dy: number): number {
  let d = dx * dx + dy * dy;
  for (let c = 0; c < channels; c++) {
    const diff = f[p * channels + c] - f[q * channels + c];
    d += diff * diff;
  }
  return d;
}

/** Each pair in reach is visited once and credited to both pixels: the kernel is symmetric. */
function parzenDensities(image: PixelImage, kernelSize: number, window: number): Float64Array {
  const { width, height, channels, data } = image;
  const inv = -0.5 / (kernelSize * kernelSize);
  const out = new Float64Array(width * height).fill(1); // each pixel's own term, exp(0)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const yEnd = Math.min(y + window + 1, height);
      const xStart = Math.max(x - window, 0);
      const xEnd = Math.min(x + window + 1, width);
      for (let qy = y; qy < yEnd; qy++) {
        for (let qx = qy === y ? x + 1 : xStart; qx < xEnd; qx++) {
          const q = qy * width + qx;
          const d = jointDistance2(data, channels, p, q, x - qx, y - qy) * inv;
          // Terms below e^-40 (~4e-18) cannot move a density of at least 1 (the pixel itself).
          if (d > NEGLIGIBLE_EXPONENT) {
            const e = Math.exp(d);
            out[p] += e;
            out[q] += e;
          }
        }
      }
    }
  }
  return out;
}

/** Each pixel's nearest denser neighbour within the window, or itself when none is within maxDist. */
function linkToDenserNeighbour(image: PixelImage, densities: Float64Array, window: number, maxDist: number): Int32Array {
  const { width, height, channels, data } = image;
  const parent = new Int32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      let closest = Infinity;
      parent[p] = p;
      const yEnd = Math.min(y + window + 1, height);
      const xEnd = Math.min(x + window + 1, width);
      for (let qy = Math.max(y - window, 0); qy < yEnd; qy++) {
        for (let qx = Math.max(x - window, 0); qx < xEnd; qx++) {
          const q = qy * width + qx;
          if (densities[q] <= densities[p]) continue;
          const d = jointDistance2(data, channels, p, q, x - qx, y - qy);
          if (d < closest) {
            closest = d;
            parent[p] = q;
          }
        }
      }
      if (Math.sqrt(closest) > maxDist) parent[p] = p;
    }
  }
  return parent;
}

/** The root of every pixel's tree (links always point to strictly denser pixels, so there are no cycles). */
function forestRoots(parent: Int32Array): Int32Array {
  const root = Int32Array.from(parent);
  for (let p = 0; p < root.length; p++) {
    let r = p;
    while (root[r] !== r) r = root[r];
    let q = p;
    while (root[q] !== r) {
      const next = root[q];
      root[q] = r;
      q = next;
    }
  }
  return root;
}
