/**
 * Rounds a channel count to the nearest multiple of `divisor`, never dropping more than 10% below it:
 * `_make_divisible` of the MobileNetV2 reference code, which EfficientNet's `round_filters` repeats.
 * Hardware runs channel counts that are multiples of 8 fastest.
 */
export function makeDivisible(value: number, divisor = 8): number {
  const rounded = Math.max(divisor, Math.floor((value + divisor / 2) / divisor) * divisor);
  return rounded < 0.9 * value ? rounded + divisor : rounded;
}
