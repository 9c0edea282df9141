import { readFile, stat } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { loadSharp } from './codec.js';
import { decodeWithJs } from './decode-js.js';
import type { RgbImage } from './rgb-image.js';

export { listImages } from './list-images.js';

/**
 * Longest side kept after decoding. Models take 224-512 px inputs and overlays are viewed on screens, so
 * 4096 px loses nothing that matters while capping a decoded image at 4096*4096*3 bytes (48 MiB).
 */
export const DEFAULT_MAX_SIDE = 4096;

/**
 * Largest image, in pixels, that decoding accepts (2^30, about 32768x32768). sharp's own default, 0x3FFF^2
 * (268 MP), would reject large panoramas and scans; since decoding shrinks on load and streams, memory stays
 * near the `maxSide` output, and this cap only guards against files that claim absurd dimensions.
 */
export const MAX_INPUT_PIXELS = 2 ** 30;

/** Transparent pixels are composited onto white, the background most viewers show behind transparency. */
const ALPHA_BACKGROUND = '#ffffff';

export interface DecodedImage extends RgbImage {
  /** The path it was read from, or '<buffer>'. */
  source: string;
}

export interface LoadImageOptions {
  /** Images whose longer side exceeds this are downscaled (aspect kept) while decoding. */
  maxSide?: number;
}

const BUFFER_SOURCE = '<buffer>';

/**
 * Abort on decoding errors and truncated data, not on warnings (sharp's default): a recoverable oddity that
 * libjpeg or libpng reports should not stop a photo from being explained.
 */
const FAIL_ON = 'error';

/**
 * Decodes any format sharp reads into 8-bit RGB: EXIF orientation applied, grayscale expanded to three
 * channels, alpha flattened onto white, ICC profiles converted to sRGB, only the first frame of an animation.
 * Images larger than `maxSide` are shrunk during decoding, so a 10000x10000 file never exists in memory whole.
 * Without sharp (`image/codec.ts`) JPEG and PNG are decoded in JavaScript instead (`decode-js.ts`).
 */
export async function loadImage(input: string | Uint8Array, options: LoadImageOptions = {}): Promise<DecodedImage> {
  const maxSide = options.maxSide ?? DEFAULT_MAX_SIDE;
  if (!Number.isInteger(maxSide) || maxSide < 1) {
    throw new UsageError(`maxSide: expected a positive integer, got ${maxSide}`);
  }
  const source = typeof input === 'string' ? input : BUFFER_SOURCE;
  if (typeof input === 'string') {
    await checkReadableFile(input);
  } else if (input.length === 0) {
    throw new UsageError(`cannot decode image ${source}: empty file`);
  }
  const sharp = await loadSharp();
  if (!sharp) {
    const bytes = typeof input === 'string' ? await readFile(input).catch((error: unknown) => {
      throw new UsageError(`cannot decode image ${source}: ${firstLine(error)}`);
    }) : input;
    return { ...decodeWithJs(bytes, source, maxSide), source };
  }
  try {
    const { data, info } = await sharp(input, { autoOrient: true, limitInputPixels: MAX_INPUT_PIXELS, failOn: FAIL_ON })
      .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: ALPHA_BACKGROUND })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) {
      throw new Error(`decoded to ${info.channels} channels, expected 3`);
    }
    return {
      rgb: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
      source,
    };
  } catch (error) {
    throw new UsageError(`cannot decode image ${source}: ${firstLine(error)}`);
  }
}

/** The three failures a user meets before any decoding: a wrong path, a folder, an empty file. */
async function checkReadableFile(path: string): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT') || isErrnoCode(error, 'ENOTDIR')) {
      throw new UsageError(`image not found: ${path}`);
    }
    throw new UsageError(`cannot decode image ${path}: ${firstLine(error)}`);
  }
  if (info.isDirectory()) {
    throw new UsageError(`expected an image file, got a directory: ${path}`);
  }
  if (info.size === 0) {
    throw new UsageError(`cannot decode image ${path}: empty file`);
  }
}

function isErrnoCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

/** libvips messages span several lines and some end in a dangling colon; the first line names the problem. */
function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].trim().replace(/:$/, '');
}
