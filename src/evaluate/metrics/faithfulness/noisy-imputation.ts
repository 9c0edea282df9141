/**
 * A simplified noisy linear imputation after ROAD (Rong, Leemann, Borisov, Kasneci and Kasneci, "A
 * consistent and efficient evaluation strategy for attribution methods", ICML 2022). ROAD solves one
 * sparse linear system in which each removed pixel equals the weighted mean of its 8 neighbours (weight
 * 1/6 for the 4 direct ones, 1/12 for the diagonals) and then adds Gaussian noise. Here the system is
 * not solved: removed pixels are filled from the edge of each hole inwards, each from the weighted mean
 * of its already known neighbours with the same weights, plus the same noise. It keeps ROAD's point (no
 * hard edge or constant patch that tells the model where pixels were removed) at a single pass per ring.
 */
import { gaussian } from '../noise.js';

/** ROAD's NoisyLinearImputer(noise=0.01), in the model's input units. */
export const ROAD_NOISE_STD = 0.01;

const NEIGHBOURS: Array<[number, number, number]> = [
  [-1, 0, 1 / 6], [1, 0, 1 / 6], [0, -1, 1 / 6], [0, 1, 1 / 6],
  [-1, -1, 1 / 12], [1, -1, 1 / 12], [-1, 1, 1 / 12], [1, 1, 1 / 12],
];

export interface ImputationGrid {
  width: number;
  height: number;
  channels: number;
}

/** The image with `removed` pixels (1 = removed) imputed; pixels with no known pixel anywhere become 0. */
export function noisyLinearImputation(
  image: Float32Array,
  removed: Uint8Array,
  { width, height, channels }: ImputationGrid,
  seed: number,
  noiseStd = ROAD_NOISE_STD,
): Float32Array {
  const out = image.slice();
  const known = Uint8Array.from(removed, (r) => (r ? 0 : 1));
  const normal = gaussian(seed);
  let pending = removed.reduce((n, r) => n + r, 0);
  while (pending > 0) {
    const ring: Array<[number, Float64Array]> = [];
    for (let p = 0; p < known.length; p++) {
      if (known[p]) continue;
      const filled = weightedMeanOfKnown(out, known, p, width, height, channels);
      if (filled) ring.push([p, filled]);
    }
    if (ring.length === 0) break;
    for (const [p, values] of ring) {
      for (let c = 0; c < channels; c++) out[p * channels + c] = values[c] + noiseStd * normal();
      known[p] = 1;
    }
    pending -= ring.length;
  }
  for (let p = 0; p < known.length; p++) if (!known[p]) out.fill(0, p * channels, (p + 1) * channels);
  return out;
}

function weightedMeanOfKnown(image: Float32Array, known: Uint8Array, p: number, width: number, height: number, channels: number): Float64Array | null {
  const x = p % width;
  const y = Math.floor(p / width);
  const sum = new Float64Array(channels);
  let weight = 0;
  for (const [dx, dy, w] of NEIGHBOURS) {
    const u = x + dx;
    const v = y + dy;
    if (u < 0 || v < 0 || u >= width || v >= height || !known[v * width + u]) continue;
    for (let c = 0; c < channels; c++) sum[c] += w * image[(v * width + u) * channels + c];
    weight += w;
  }
  if (weight === 0) return null;
  return sum.map((s) => s / weight);
}
