/**
 * The k-th smallest entry (0-based) of `scratch`, found by Hoare's selection in expected O(n).
 * Reorders `scratch` in place: pass a copy. Hoare partitioning splits runs of equal values evenly,
 * so flat and heavily tied maps stay linear too.
 */
export function selectInPlace(scratch: Float32Array | Float64Array, k: number): number {
  if (!Number.isInteger(k) || k < 0 || k >= scratch.length) {
    throw new Error(`selection rank must be an integer in [0, ${scratch.length - 1}], got ${k}`);
  }
  let lo = 0;
  let hi = scratch.length - 1;
  while (lo < hi) {
    const pivot = scratch[(lo + hi) >>> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (scratch[i] < pivot) i++;
      while (pivot < scratch[j]) j--;
      if (i <= j) {
        const t = scratch[i];
        scratch[i] = scratch[j];
        scratch[j] = t;
        i++;
        j--;
      }
    }
    if (j < k) lo = i;
    if (k < i) hi = j;
  }
  return scratch[k];
}
