/**
 * How a token's importance becomes a shade, shared by the HTML and terminal renderings: values scaled by the
 * largest (negatives and NaN as no importance), the colormap's colour at that level laid over the page
 * background with the level as its opacity, so unimportant tokens stay unmarked, and the text colour that
 * reads on it.
 */
import { colorize } from './colormaps.js';
import { UsageError } from '../errors.js';

export interface TokenShade {
  /** Importance scaled to [0, 1] by the largest value. */
  level: number;
  /** The colormap's colour at `level`, 0-255 each. */
  colour: [number, number, number];
  /** That colour over the background with opacity `level`. */
  blended: [number, number, number];
  /** Black or white, whichever reads better on `blended`. */
  text: [number, number, number];
  kept: boolean;
}

export type RGB = [number, number, number];

export const WHITE: RGB = [255, 255, 255];
export const BLACK: RGB = [0, 0, 0];

/** Relative luminance (ITU-R BT.709 weights) of a colour, in [0, 1]. */
function luminance([r, g, b]: RGB): number {
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

/**
 * One shade per token. `kept` marks tokens to emphasise (a threshold's values: non-zero is kept; or booleans);
 * it must be as long as the tokens when given.
 */
export function tokenShades(tokens: readonly string[], values: ArrayLike<number>, colormap: string, background: RGB, kept?: ArrayLike<number | boolean>): TokenShade[] {
  if (values.length !== tokens.length) throw new UsageError(`token rendering: ${tokens.length} tokens but ${values.length} importance values`);
  if (kept && kept.length !== tokens.length) throw new UsageError(`token rendering: ${tokens.length} tokens but ${kept.length} kept flags`);
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  const levels = Array.from({ length: values.length }, (_, i) => (max > 0 && values[i] > 0 ? values[i] / max : 0));
  const colours = colorize(levels, colormap);
  return levels.map((level, i) => {
    const colour: RGB = [colours[3 * i], colours[3 * i + 1], colours[3 * i + 2]];
    const blended = colour.map((c, k) => Math.round(level * c + (1 - level) * background[k])) as RGB;
    return { level, colour, blended, text: luminance(blended) < 0.5 ? WHITE : BLACK, kept: kept ? Boolean(kept[i]) : false };
  });
}
