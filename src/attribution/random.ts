/**
 * A seeded uniform generator on [0, 1): mulberry32 (Tommy Ettinger's 32-bit mixer). Tiny, fast and
 * statistically fine for test data and random masks; not for anything that needs to be unpredictable.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomMapOptions {
  /** Quantise values to this many levels so that ties occur; 0 leaves them continuous. */
  levels?: number;
  /** Share of entries set to exactly zero, as in a ReLU'd Grad-CAM map. */
  zeroShare?: number;
  /** Share of entries made negative, as in raw gradient maps. */
  negativeShare?: number;
}

/** A synthetic attribution map of n entries in (-1, 1), for property tests and threshold benchmarks. */
export function randomMap(n: number, rng: () => number, options: RandomMapOptions = {}): Float32Array {
  const { levels = 0, zeroShare = 0, negativeShare = 0 } = options;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = rng();
    const magnitude = levels > 0 ? Math.floor(rng() * levels) / levels : rng();
    if (u < zeroShare) out[i] = 0;
    else if (u < zeroShare + negativeShare) out[i] = -magnitude;
    else out[i] = magnitude;
  }
  return out;
}
