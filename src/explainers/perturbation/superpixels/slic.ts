/**
 * SLIC superpixels — Achanta et al., "SLIC Superpixels Compared to State-of-the-Art Superpixel Methods",
 * IEEE TPAMI 2012 (Algorithm 1). Cluster centres start on a regular grid of step S = sqrt(N / K), moved to
 * the lowest colour gradient of their 3x3 neighbourhood; k-means then runs in (Lab colour, position) with
 * D^2 = dc^2 + (ds / S)^2 m^2, each centre searching only its 2S x 2S neighbourhood; finally pieces cut off
 * from their cluster are merged into a neighbouring segment, so every segment is connected.
 */
import { UsageError } from '../../../errors.js';
import { rgbToLab } from './lab.js';
import { assertPixelImage, type PixelImage } from './pixel-image.js';

export interface SlicOptions {
  /** About how many segments to make (K). */
  segments: number;
  /** m: weight of position against colour; larger gives squarer segments. */
  compactness: number;
  /** k-means iterations. */
  iterations: number;
  /** Measure colour in CIELAB (3-channel images only). */
  convertToLab: boolean;
}

/**
 * Achanta et al. 2012: 10 iterations suffice for most images (§4.2); m = 10 and K = 100 are
 * scikit-image's defaults for Lab images.
 */
export const SLIC_DEFAULTS: SlicOptions = { segments: 100, compactness: 10, iterations: 10, convertToLab: true };

/** Pieces smaller than this share of S^2 are merged into a neighbour (the authors' reference code uses 1/4). */
const MIN_PIECE_SHARE = 0.25;

interface Centre {
  features: Float64Array;
  x: number;
  y: number;
}

export function slic(image: PixelImage, options: Partial<SlicOptions> = {}): Int32Array {
  const opts = { ...SLIC_DEFAULTS, ...options };
  assertPixelImage(image);
  if (!Number.isInteger(opts.segments) || opts.segments < 1) throw new UsageError(`SLIC segments must be a positive integer, got ${opts.segments}`);
  if (!(opts.compactness > 0)) throw new UsageError(`SLIC compactness must be > 0, got ${opts.compactness}`);
  if (!Number.isInteger(opts.iterations) || opts.iterations < 1) throw new UsageError(`SLIC iterations must be a positive integer, got ${opts.iterations}`);

  const source = opts.convertToLab && image.channels === 3 ? rgbToLab(image) : image;
  const step = Math.sqrt((image.width * image.height) / opts.segments);
  const centres = gridCentres(source, opts.segments);
  const assigned = new Int32Array(image.width * image.height);
  for (let it = 0; it < opts.iterations; it++) {
    assignPixels(source, centres, step, opts.compactness, assigned);
    updateCentres(source, centres, assigned);
  }
  return enforceConnectivity(assigned, image.width, image.height, Math.floor(MIN_PIECE_SHARE * step * step));
}

/** Centres at the middle of the cells of a grid of about K cells, each moved to its 3x3 lowest gradient. */
function gridCentres(image: PixelImage, segments: number): Centre[] {
  const { width, height } = image;
  const cols = Math.max(1, Math.min(width, Math.round(Math.sqrt((segments * width) / height))));
  const rows = Math.max(1, Math.min(height, Math.round(segments / cols)));
  const centres: Centre[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const [x, y] = lowestGradientNear(image, Math.floor(((c + 0.5) * width) / cols), Math.floor(((r + 0.5) * height) / rows));
      centres.push({ features: pixelFeatures(image, y * width + x), x, y });
    }
  }
  return centres;
}

function pixelFeatures(image: PixelImage, p: number): Float64Array {
  return Float64Array.from(image.data.subarray(p * image.channels, (p + 1) * image.channels));
}

/** Squared colour distance between pixels a and b. */
function colour2(image: PixelImage, a: number, b: number): number {
  let d = 0;
  for (let c = 0; c < image.channels; c++) d += (image.data[a * image.channels + c] - image.data[b * image.channels + c]) ** 2;
  return d;
}

/** Seeds on an edge or a noisy pixel start badly (§3): move to the 3x3 position of least gradient. */
function lowestGradientNear(image: PixelImage, x0: number, y0: number): [number, number] {
  const { width, height } = image;
  let best: [number, number] = [x0, y0];
  let bestG = Infinity;
  for (let y = Math.max(y0 - 1, 1); y <= Math.min(y0 + 1, height - 2); y++) {
    for (let x = Math.max(x0 - 1, 1); x <= Math.min(x0 + 1, width - 2); x++) {
      const p = y * width + x;
      const g = colour2(image, p + 1, p - 1) + colour2(image, p + width, p - width);
      if (g < bestG) {
        bestG = g;
        best = [x, y];
      }
    }
  }
  return best;
}

function assignPixels(image: PixelImage, centres: Centre[], step: number, m: number, assigned: Int32Array): void {
  const { width, height, channels, data } = image;
  const best = new Float64Array(width * height).fill(Infinity);
  assigned.fill(-1);
  const spatialWeight = (m * m) / (step * step);
  const reach = Math.ceil(step);
  centres.forEach((centre, k) => {
    const cx = Math.round(centre.x);
    const cy = Math.round(centre.y);
    for (let y = Math.max(cy - reach, 0); y <= Math.min(cy + reach, height - 1); y++) {
      for (let x = Math.max(cx - reach, 0); x <= Math.min(cx + reach, width - 1); x++) {
        const p = y * width + x;
        let d = spatialWeight * ((x - centre.x) ** 2 + (y - centre.y) ** 2);
        for (let c = 0; c < channels; c++) d += (data[p * channels + c] - centre.features[c]) ** 2;
        if (d < best[p]) {
          best[p] = d;
          assigned[p] = k;
        }
      }
    }
  });
}

/** Each centre moves to the mean colour and position of its pixels; a centre that lost all stays put. */
function updateCentres(image: PixelImage, centres: Centre[], assigned: Int32Array): void {
  const { width, channels, data } = image;
  const sums = centres.map(() => ({ f: new Float64Array(channels), x: 0, y: 0, n: 0 }));
  for (let p = 0; p < assigned.length; p++) {
    const k = assigned[p];
    if (k < 0) continue;
    const s = sums[k];
    for (let c = 0; c < channels; c++) s.f[c] += data[p * channels + c];
    s.x += p % width;
    s.y += Math.floor(p / width);
    s.n++;
  }
  sums.forEach((s, k) => {
    if (s.n === 0) return;
    for (let c = 0; c < channels; c++) centres[k].features[c] = s.f[c] / s.n;
    centres[k].x = s.x / s.n;
    centres[k].y = s.y / s.n;
  });
}

/**
 * Relabel 4-connected pieces 0..K-1 in raster order; a piece smaller than minSize takes the label of the
 * segment left of or above its first pixel (as the authors' reference code does).
 */
function enforceConnectivity(assigned: Int32Array, width: number, height: number, minSize: number): Int32Array {
  const labels = new Int32Array(assigned.length).fill(-1);
  const stack: number[] = [];
  const piece: number[] = [];
  let next = 0;
  for (let start = 0; start < assigned.length; start++) {
    if (labels[start] >= 0) continue;
    const x0 = start % width;
    const adjacent = x0 > 0 ? labels[start - 1] : start >= width ? labels[start - width] : -1;
    piece.length = 0;
    stack.push(start);
    labels[start] = next;
    while (stack.length > 0) {
      const p = stack.pop() as number;
      piece.push(p);
      const x = p % width;
      const y = (p - x) / width;
      for (const q of [x > 0 ? p - 1 : -1, x < width - 1 ? p + 1 : -1, y > 0 ? p - width : -1, y < height - 1 ? p + width : -1]) {
        if (q >= 0 && labels[q] < 0 && assigned[q] === assigned[start]) {
          labels[q] = next;
          stack.push(q);
        }
      }
    }
    if (piece.length < minSize && adjacent >= 0) for (const p of piece) labels[p] = adjacent;
    else next++;
  }
  return labels;
}
