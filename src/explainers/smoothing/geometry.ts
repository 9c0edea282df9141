/**
 * The geometry of test-time augmentation, on plain typed arrays: how a variant places the rescaled input in
 * the model's window, and how a map made on the variant is carried back onto the original image's grid.
 * Coordinates are pixel edges (0 at the left edge of the first pixel), in which a half-pixel-centre bilinear
 * resize (TF.js's `halfPixelCenters`) is a plain multiplication.
 */

/** One augmentation: a horizontal flip and a rescaling about the image centre. */
export interface TtaVariant {
  flip: boolean;
  /** >1 zooms in (the border is cropped off), <1 zooms out (a border is padded on). */
  scale: number;
}

/** Where the rescaled image sits along one axis of the model's window. */
export interface AxisPlacement {
  /** The window's length (the model input's). */
  size: number;
  /** The rescaled image's length. */
  scaled: number;
  /** Index in the rescaled image of the window's first pixel: positive crops, negative pads. */
  offset: number;
}

/** The rescaled image centred in the window; an odd surplus or shortfall puts the extra pixel after. */
export function axisPlacement(size: number, scale: number): AxisPlacement {
  const scaled = Math.max(1, Math.round(size * scale));
  return { size, scaled, offset: Math.floor((scaled - size) / 2) };
}

/** Where each cell of the original grid reads the variant's map along one axis. */
interface AxisSamples {
  /** Cell-centre coordinate in the variant's map, kept inside the part of it that shows the image. */
  coord: Float64Array;
  /** 1 where the cell's centre is inside the window (a zoomed-in variant does not see the border). */
  covered: Uint8Array;
}

function axisSamples(cells: number, placement: AxisPlacement): AxisSamples {
  const { size, scaled, offset } = placement;
  const cellsPerPixel = cells / size;
  // The window's stretch that shows the image rather than padding, in window pixel edges.
  const contentLo = Math.max(0, -offset);
  const contentHi = Math.min(size, scaled - offset);
  // Cells whose whole extent shows the image: padding must not leak into the map carried back.
  let lo = contentLo * cellsPerPixel;
  let hi = contentHi * cellsPerPixel - 1;
  if (hi < lo) lo = hi = (lo + hi) / 2;
  lo = Math.max(0, lo);
  hi = Math.min(cells - 1, Math.max(lo, hi));
  const coord = new Float64Array(cells);
  const covered = new Uint8Array(cells);
  for (let j = 0; j < cells; j++) {
    const window = ((j + 0.5) / cellsPerPixel) * (scaled / size) - offset;
    covered[j] = window >= contentLo && window <= contentHi ? 1 : 0;
    coord[j] = Math.min(hi, Math.max(lo, window * cellsPerPixel - 0.5));
  }
  return { coord, covered };
}

export interface MappedBack {
  /** Row-major, on the original grid (the map's own width and height). */
  values: Float32Array;
  /** 1 where the variant saw that cell. */
  covered: Uint8Array;
}

/**
 * A map made on an augmented input (the variant's geometry: flipped, rescaled, cropped or padded) carried
 * back to the original image's geometry, on the same grid: unflipped, then sampled bilinearly where each
 * original cell landed in the variant.
 */
export function mapBack(
  values: ArrayLike<number>,
  width: number,
  height: number,
  variant: TtaVariant,
  input: { width: number; height: number },
): MappedBack {
  const unflipped = variant.flip ? flipRows(values, width, height) : values;
  const xs = axisSamples(width, axisPlacement(input.width, variant.scale));
  const ys = axisSamples(height, axisPlacement(input.height, variant.scale));
  const out = new Float32Array(width * height);
  const covered = new Uint8Array(width * height);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      out[r * width + c] = bilinearAt(unflipped, width, height, xs.coord[c], ys.coord[r]);
      covered[r * width + c] = xs.covered[c] & ys.covered[r];
    }
  }
  return { values: out, covered };
}

/** Each row reversed: the map of a mirrored image seen the right way round. */
export function flipRows(values: ArrayLike<number>, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height);
  for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) out[r * width + c] = values[r * width + width - 1 - c];
  return out;
}

/** The map at fractional cell-centre coordinates (x, y), both already inside [0, width-1] x [0, height-1]. */
function bilinearAt(values: ArrayLike<number>, width: number, height: number, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const x1 = Math.min(x0 + 1, width - 1);
  const y1 = Math.min(y0 + 1, height - 1);
  const fx = x - x0;
  const fy = y - y0;
  const top = values[y0 * width + x0] * (1 - fx) + values[y0 * width + x1] * fx;
  const bottom = values[y1 * width + x0] * (1 - fx) + values[y1 * width + x1] * fx;
  return top * (1 - fy) + bottom * fy;
}
