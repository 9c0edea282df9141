import { mulberry32 } from '../../attribution/random.js';

/** A seeded standard normal generator (Box–Muller over mulberry32), so every perturbation is repeatable. */
export function gaussian(seed: number): () => number {
  const uniform = mulberry32(seed);
  return () => {
    const u = 1 - uniform(); // in (0, 1], so the log is finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}

/** k distinct indices of 0..n-1, drawn uniformly (partial Fisher–Yates). */
export function randomSubset(n: number, k: number, uniform: () => number): Int32Array {
  const pool = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(uniform() * (n - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, k);
}
