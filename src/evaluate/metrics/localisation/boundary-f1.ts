/**
 * Boundary F1 (BF score) of Csurka, Larlus and Perronnin, "What is a good evaluation measure for semantic
 * segmentation?", BMVC 2013, after the BSDS boundary benchmark (Martin et al. 2004): boundary precision is
 * the share of predicted boundary pixels within `tolerance` pixels (Euclidean) of a true boundary pixel,
 * recall the share of true boundary pixels within `tolerance` of a predicted one, and BF their harmonic
 * mean. Like Csurka's BF (and MATLAB's bfscore) a pixel may match any boundary pixel in range; BSDS'
 * one-to-one bipartite matching is not done.
 *
 * A boundary pixel is an inside pixel with a 4-connected neighbour outside the region; the image frame is
 * not a boundary. Two regions without boundaries (both empty, or both the whole image) score 1.
 */
import { assertGridSize } from '../sizes.js';

/** Csurka et al. 2013 set the tolerance to 0.75% of the image diagonal; at 64x64 that is under a pixel, so 1. */
export const BOUNDARY_F1_TOLERANCE = 1;

/** 1 where an inside pixel touches an outside pixel above, below, left or right. */
export function boundaryPixels(region: ArrayLike<number>, width: number, height: number): Uint8Array {
  assertGridSize('the region', region, width, height);
  const out = new Uint8Array(width * height);
  const outside = (x: number, y: number) => x >= 0 && y >= 0 && x < width && y < height && region[y * width + x] === 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (region[y * width + x] === 0) continue;
      if (outside(x - 1, y) || outside(x + 1, y) || outside(x, y - 1) || outside(x, y + 1)) out[y * width + x] = 1;
    }
  }
  return out;
}

/** Share of the boundary pixels of `from` that have a boundary pixel of `to` within the tolerance. */
function matchedShare(from: Uint8Array, to: Uint8Array, width: number, height: number, tolerance: number): number {
  const r = Math.floor(tolerance);
  let total = 0;
  let matched = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!from[y * width + x]) continue;
      total++;
      search: for (let v = Math.max(0, y - r); v <= Math.min(height - 1, y + r); v++) {
        for (let u = Math.max(0, x - r); u <= Math.min(width - 1, x + r); u++) {
          if (to[v * width + u] && (u - x) ** 2 + (v - y) ** 2 <= tolerance ** 2) {
            matched++;
            break search;
          }
        }
      }
    }
  }
  return total === 0 ? 0 : matched / total;
}

function count(values: Uint8Array): number {
  let n = 0;
  for (const v of values) n += v;
  return n;
}

export function boundaryF1(
  predicted: ArrayLike<number>,
  truth: ArrayLike<number>,
  width: number,
  height: number,
  tolerance = BOUNDARY_F1_TOLERANCE,
): number {
  const p = boundaryPixels(predicted, width, height);
  const t = boundaryPixels(truth, width, height);
  const pCount = count(p);
  const tCount = count(t);
  if (pCount === 0 && tCount === 0) return 1;
  if (pCount === 0 || tCount === 0) return 0;
  const precision = matchedShare(p, t, width, height, tolerance);
  const recall = matchedShare(t, p, width, height, tolerance);
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}
