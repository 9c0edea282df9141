/**
 * Throws when a map holds NaN or ±Infinity. A non-finite value means the explainer or the model broke
 * upstream (an overflowing gradient, a 0/0); passing it on would silently turn every later number into NaN.
 */
export function assertFinite(values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new Error(`attribution map has a non-finite value (${values[i]}) at index ${i}`);
    }
  }
}
