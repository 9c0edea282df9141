/**
 * Sparseness as the Gini index of the absolute attributions (Chalasani et al., "Concise explanations of
 * neural networks using adversarial training", ICML 2020; Quantus' Sparseness): with |a| sorted ascending,
 * G = sum_k (2k - n - 1) |a_k| / (n sum |a|). 0 for a uniform map, (n-1)/n for a one-hot map.
 */

/** Quantus adds this to every |a| so an all-zero map gives a uniform, not undefined, index. */
export const SPARSENESS_EPSILON = 1e-7;

export function sparseness(map: ArrayLike<number>): number {
  const n = map.length;
  const sorted = Float64Array.from(map, (v) => Math.abs(v) + SPARSENESS_EPSILON).sort();
  let weighted = 0;
  let total = 0;
  for (let k = 0; k < n; k++) {
    weighted += (2 * (k + 1) - n - 1) * sorted[k];
    total += sorted[k];
  }
  return weighted / (n * total);
}
