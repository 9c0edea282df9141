import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import { UsageError } from '../errors.js';
import { loadSharp } from '../image/codec.js';
import type { RgbImage } from '../image/rgb-image.js';
import { checkRgbImage } from '../image/rgb-image.js';
import { resizeBilinear } from '../attribution/resize.js';
import { colorize } from './colormaps.js';
import { encodeJpegJs, encodePngJs } from './encode-js.js';
import { DEFAULT_COLORMAP } from './overlay.js';
import type { PanelColumn, ValueGrid } from './panel.js';
import { TITLE_ROW_HEIGHT, titleRowSvg } from './title-row.js';
import { bitmapTitleRow, stackAbove } from './title-row-bitmap.js';

export type ImageFormat = 'png' | 'jpeg';

/** Figures are mostly flat colour and sharp edges; sharp's default of 80 leaves visible ringing on them. */
export const JPEG_QUALITY = 90;

const FORMAT_BY_EXTENSION: Record<string, ImageFormat> = { '.png': 'png', '.jpg': 'jpeg', '.jpeg': 'jpeg' };

export interface EncodeOptions {
  /** One title per panel (per column of `image.columns`, or a single title over the whole image). */
  titles?: string[];
}

/** The format a path's extension asks for: .png, .jpg or .jpeg (any case); anything else is a UsageError. */
export function formatFromPath(path: string): ImageFormat {
  const format = FORMAT_BY_EXTENSION[extname(path).toLowerCase()];
  if (!format) {
    throw new UsageError(`cannot write ${path}: expected a .png, .jpg or .jpeg file name`);
  }
  return format;
}

/**
 * PNG or JPEG bytes of an RGB image, with a row of titles above it when asked. Without sharp the image is
 * encoded in JavaScript and the titles drawn in a bitmap font (`encode-js.ts`, `title-row-bitmap.ts`).
 */
export async function encodeImage(
  image: RgbImage & { columns?: PanelColumn[] },
  format: ImageFormat,
  options: EncodeOptions = {},
): Promise<Buffer> {
  checkRgbImage(image);
  const sharp = await loadSharp();
  if (!sharp) {
    const titled = options.titles === undefined ? image : stackAbove(bitmapTitleRow(options.titles, titleColumns(image, options.titles), image.width), image);
    return format === 'png' ? encodePngJs(titled) : encodeJpegJs(titled, JPEG_QUALITY);
  }
  let pipeline = sharp(image.rgb, { raw: { width: image.width, height: image.height, channels: 3 } });
  if (options.titles !== undefined) {
    const columns = titleColumns(image, options.titles);
    const svg = titleRowSvg(options.titles, columns, image.width);
    // sharp extends before it composites; compositing an SVG adds an alpha channel the figure does not need.
    pipeline = pipeline
      .extend({ top: TITLE_ROW_HEIGHT, background: '#ffffff' })
      .composite([{ input: Buffer.from(svg), left: 0, top: 0 }])
      .removeAlpha();
  }
  return format === 'png' ? pipeline.png().toBuffer() : pipeline.jpeg({ quality: JPEG_QUALITY }).toBuffer();
}

function titleColumns(image: RgbImage & { columns?: PanelColumn[] }, titles: string[]): PanelColumn[] {
  const columns = image.columns ?? [{ left: 0, width: image.width }];
  if (titles.length !== columns.length) {
    throw new UsageError(`titles: expected ${columns.length} (one per panel), got ${titles.length}`);
  }
  return columns;
}

/** Writes an RGB image as PNG or JPEG by the path's extension, creating the folder if needed. */
export async function writeImage(path: string, image: RgbImage & { columns?: PanelColumn[] }, options: EncodeOptions = {}): Promise<void> {
  const bytes = await encodeImage(image, formatFromPath(path), options);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
}

export interface HeatmapOptions {
  colormap?: string;
  /** Output size; default the map's own. The map is bilinearly resized to it. */
  width?: number;
  height?: number;
}

/** A map in [0, 1] written as a colourised image on its own. */
export async function writeHeatmap(path: string, map: ValueGrid, options: HeatmapOptions = {}): Promise<void> {
  const width = options.width ?? map.width;
  const height = options.height ?? map.height;
  for (const [what, side] of [['map width', map.width], ['map height', map.height], ['width', width], ['height', height]] as const) {
    if (!Number.isInteger(side) || side < 1) throw new UsageError(`heatmap ${what}: expected a positive integer, got ${side}`);
  }
  if (map.values.length !== map.width * map.height) {
    throw new UsageError(`map: expected ${map.width}x${map.height} = ${map.width * map.height} values, got ${map.values.length}`);
  }
  const values = width === map.width && height === map.height ? map.values : resizeBilinear(map.values, map.width, map.height, width, height);
  await writeImage(path, { rgb: colorize(values, options.colormap ?? DEFAULT_COLORMAP), width, height });
}
