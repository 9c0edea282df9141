import { interpolateInferno, interpolateTurbo, interpolateViridis } from 'd3-scale-chromatic';
import { UsageError } from '../errors.js';

/** Colormaps by name; 'jet' first, as it is the default (the Grad-CAM paper's figures use it). */
export const COLORMAPS = ['jet', 'turbo', 'viridis', 'inferno'] as const;

export type ColormapName = (typeof COLORMAPS)[number];

/** Entries in every lookup table: one per 8-bit level. */
export const COLORMAP_SIZE = 256;

/**
 * OpenCV's COLORMAP_JET (the MATLAB/Octave jet that pytorch-grad-cam's overlays use), as the closed form its
 * table follows: each channel is a tent 1.5 - |4t - c| clipped to [0, 1], centred at c = 3 (red), 2 (green),
 * 1 (blue). So t = 0 is dark blue (0, 0, 0.5), 0.5 is (0.5, 1, 0.5), 1 is dark red (0.5, 0, 0).
 */
export function jetColor(t: number): [number, number, number] {
  return [tent(4 * t - 3), tent(4 * t - 2), tent(4 * t - 1)];
}

function tent(x: number): number {
  return Math.min(1, Math.max(0, 1.5 - Math.abs(x)));
}

/**
 * The perceptual maps come from d3-scale-chromatic: viridis and inferno are matplotlib's 256-entry tables;
 * turbo is d3's polynomial fit of Google's Turbo, which departs from Google's table by up to ~30/255 at the
 * dark ends.
 */
const D3_INTERPOLATORS: Record<Exclude<ColormapName, 'jet'>, (t: number) => string> = {
  turbo: interpolateTurbo,
  viridis: interpolateViridis,
  inferno: interpolateInferno,
};

const lutCache = new Map<ColormapName, Uint8Array>();

/** The name as a ColormapName; anything else is a UsageError that lists the colormaps. */
export function parseColormap(name: string): ColormapName {
  if (!(COLORMAPS as readonly string[]).includes(name)) {
    throw new UsageError(`unknown colormap '${name}'; expected one of: ${COLORMAPS.join(', ')}`);
  }
  return name as ColormapName;
}

/** 256 RGB triples (768 bytes); entry i is the colour of the value i/255. Shared: do not modify. */
export function colormapLut(name: string): Uint8Array {
  const colormap = parseColormap(name);
  let lut = lutCache.get(colormap);
  if (!lut) {
    lut = buildLut(colormap);
    lutCache.set(colormap, lut);
  }
  return lut;
}

function buildLut(name: ColormapName): Uint8Array {
  const lut = new Uint8Array(COLORMAP_SIZE * 3);
  for (let i = 0; i < COLORMAP_SIZE; i++) {
    const t = i / (COLORMAP_SIZE - 1);
    const rgb = name === 'jet' ? jetColor(t).map((c) => Math.round(c * 255)) : parseCssRgb(D3_INTERPOLATORS[name](t));
    lut.set(rgb, i * 3);
  }
  return lut;
}

/** d3 returns '#rrggbb' or 'rgb(r, g, b)'. */
function parseCssRgb(color: string): number[] {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (hex) return hex.slice(1).map((h) => parseInt(h, 16));
  const fn = /^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(color);
  if (fn) return fn.slice(1).map(Number);
  throw new Error(`unexpected colour '${color}' from d3-scale-chromatic`);
}

/**
 * Values in [0, 1] -> interleaved RGB bytes. Values outside are clamped; NaN is treated as 0 (no evidence).
 * Each value picks the nearest of the 256 table entries.
 */
export function colorize(values: ArrayLike<number>, colormap: string): Uint8Array {
  const lut = colormapLut(colormap);
  const out = new Uint8Array(values.length * 3);
  for (let i = 0; i < values.length; i++) {
    const k = lutIndex(values[i]) * 3;
    out[i * 3] = lut[k];
    out[i * 3 + 1] = lut[k + 1];
    out[i * 3 + 2] = lut[k + 2];
  }
  return out;
}

/** The table entry for a value: clamped to [0, 1], NaN as 0, rounded to the nearest of 256 levels. */
export function lutIndex(value: number): number {
  const clamped = value > 0 ? Math.min(value, 1) : 0;
  return Math.round(clamped * (COLORMAP_SIZE - 1));
}
