import { integer, uniform, type Random } from './random.js';

export type Rgb = [number, number, number];

/**
 * Colour differences are spread over the channels so objects differ in hue as well as brightness: every
 * channel moves by `contrast * 255 * m` with m drawn from [MIN_CHANNEL_SHARE, 1], one channel always by the full amount.
 */
const MIN_CHANNEL_SHARE = 0.5;

function channelSteps(random: Random, contrast: number): Rgb {
  const full = integer(random, 0, 2);
  return [0, 1, 2].map((c) => {
    const share = c === full ? 1 : uniform(random, MIN_CHANNEL_SHARE, 1);
    const step = Math.round(contrast * 255 * share);
    // A visible object must differ somewhere even when rounding would erase a tiny contrast.
    return c === full && contrast > 0 ? Math.max(1, step) : step;
  }) as Rgb;
}

/**
 * A background base colour and an object colour whose largest channel difference is exactly
 * round(contrast * 255) (at least 1 when contrast > 0). The base is drawn where the object colour still fits in 0..255.
 */
export function pickColourPair(random: Random, contrast: number): { background: Rgb; object: Rgb } {
  const steps = channelSteps(random, contrast);
  const background: Rgb = [0, 0, 0];
  const object: Rgb = [0, 0, 0];
  for (let c = 0; c < 3; c++) {
    const delta = random() < 0.5 ? -steps[c] : steps[c];
    background[c] = integer(random, Math.max(0, -delta), Math.min(255, 255 - delta));
    object[c] = background[c] + delta;
  }
  return { background, object };
}

/**
 * An object colour for a given background whose largest channel difference is at most round(contrast * 255):
 * each channel moves towards the side with room, and is clamped when neither side has enough.
 */
export function pickObjectColour(random: Random, background: Rgb, contrast: number): Rgb {
  const steps = channelSteps(random, contrast);
  return background.map((base, c) => {
    const up = base + steps[c] <= 255;
    const down = base - steps[c] >= 0;
    const goUp = up && down ? random() < 0.5 : up || 255 - base > base;
    return Math.min(255, Math.max(0, goUp ? base + steps[c] : base - steps[c]));
  }) as Rgb;
}
