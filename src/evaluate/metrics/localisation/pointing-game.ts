/**
 * Pointing game (Zhang et al., "Top-down Neural Attention by Excitation Backprop", ECCV 2016): a hit when
 * the map's maximum falls on the object. `tolerance` (pixels) counts a maximum within that distance of
 * the mask as a hit, as the paper's 15-pixel tolerance does for full-size images; default 0 (exact).
 * The map must already be at the mask's resolution. An all-zero map points nowhere: a miss.
 */
export function pointingGameHit(map: ArrayLike<number>, mask: ArrayLike<number>, width: number, height: number, tolerance = 0): boolean {
  if (map.length !== width * height || mask.length !== width * height) {
    throw new Error(`map (${map.length}) and mask (${mask.length}) must both hold ${width}x${height} values`);
  }
  let best = 0;
  let at = -1;
  for (let i = 0; i < map.length; i++) {
    if (map[i] > best) {
      best = map[i];
      at = i;
    }
  }
  if (at < 0) return false;
  const x0 = at % width;
  const y0 = Math.floor(at / width);
  const r = Math.ceil(tolerance);
  for (let y = Math.max(0, y0 - r); y <= Math.min(height - 1, y0 + r); y++) {
    for (let x = Math.max(0, x0 - r); x <= Math.min(width - 1, x0 + r); x++) {
      if ((x - x0) ** 2 + (y - y0) ** 2 <= tolerance ** 2 && mask[y * width + x] !== 0) return true;
    }
  }
  return false;
}
