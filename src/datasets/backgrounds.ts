import type { Rgb } from './colours.js';
import { integer, pick, uniform, type Random } from './random.js';

export const BACKGROUND_KINDS = ['flat', 'gradient', 'noise', 'texture'] as const;

export type BackgroundKind = (typeof BACKGROUND_KINDS)[number];

/** Stripe or checker period in pixels; at least 4 so a texture never aliases into noise, at most 12 so a tile is smaller than an object. */
const TEXTURE_PERIOD: [number, number] = [4, 12];

/** How far (in 0..255 units, before clipping) a background pixel sits from the base colour, in [-1, 1] times the amplitude. */
type Pattern = (x: number, y: number) => number;

function gradientPattern(random: Random, width: number, height: number): Pattern {
  const angle = uniform(random, 0, 2 * Math.PI);
  const dx = Math.cos(angle);
  const dy = Math.sin(angle);
  // Half the projected extent of the image, so the ramp runs from -1 to 1 corner to corner.
  const half = (Math.abs(dx) * width + Math.abs(dy) * height) / 2;
  return (x, y) => ((x - width / 2) * dx + (y - height / 2) * dy) / half;
}

function noisePattern(random: Random): Pattern {
  return () => uniform(random, -1, 1);
}

function texturePattern(random: Random): Pattern {
  const period = integer(random, TEXTURE_PERIOD[0], TEXTURE_PERIOD[1]);
  const half = period / 2;
  if (pick(random, ['stripes', 'checker'] as const) === 'checker') {
    return (x, y) => ((Math.floor(x / half) + Math.floor(y / half)) % 2 === 0 ? 1 : -1);
  }
  const angle = uniform(random, 0, Math.PI);
  const dx = Math.cos(angle);
  const dy = Math.sin(angle);
  return (x, y) => (Math.floor((x * dx + y * dy) / half) % 2 === 0 ? 1 : -1);
}

function patternFor(kind: BackgroundKind, random: Random, width: number, height: number): Pattern {
  switch (kind) {
    case 'flat':
      return () => 0;
    case 'gradient':
      return gradientPattern(random, width, height);
    case 'noise':
      return noisePattern(random);
    case 'texture':
      return texturePattern(random);
  }
}

/**
 * An interleaved RGB background: the base colour shifted per pixel by `variation * 255` times the pattern
 * (grey shifts, the same on every channel), clipped to 0..255.
 */
export function paintBackground(
  random: Random,
  kind: BackgroundKind,
  base: Rgb,
  variation: number,
  width: number,
  height: number,
): Uint8Array {
  const pattern = patternFor(kind, random, width, height);
  const rgb = new Uint8Array(width * height * 3);
  const amplitude = variation * 255;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const shift = Math.round(amplitude * pattern(x + 0.5, y + 0.5));
      const p = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) rgb[p + c] = Math.min(255, Math.max(0, base[c] + shift));
    }
  }
  return rgb;
}
