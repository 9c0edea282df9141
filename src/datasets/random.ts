/**
 * Seeded pseudo-random numbers, so every generated scene is reproducible from its seed alone.
 * mulberry32 (Tommy Ettinger, 2017): a 32-bit state, fast, and good enough for test data; not for cryptography.
 */
import { mulberry32 } from '../attribution/random.js';

export type Random = () => number;

/** A generator of floats in [0, 1) determined entirely by `seed` (any integer; only its low 32 bits count). */
export { mulberry32 };

/** A float drawn uniformly from [min, max). */
export function uniform(random: Random, min: number, max: number): number {
  return min + (max - min) * random();
}

/** An integer drawn uniformly from [min, max] (both included). */
export function integer(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** One element of a non-empty list, each equally likely. */
export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

/** A copy of `items` in a random order (Fisher–Yates). */
export function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * A seed for the i-th item of a set, derived from the set's seed through a hash so that neighbouring set
 * seeds share no items (set 1 item 1 must not equal set 2 item 0).
 */
export function childSeed(seed: number, index: number): number {
  return mix32(mix32(seed >>> 0) ^ Math.imul(index + 1, 0x9e3779b9));
}

/** The 32-bit finaliser of MurmurHash3 (Austin Appleby): every input bit flips about half the output bits. */
function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
