import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import { UsageError } from '../errors.js';
import { resizeRgb } from './resize-rgb.js';
import { applyOrientation, jpegOrientation } from './exif-orientation.js';
import { rgbOnWhite, type RgbImage } from './rgb-image.js';

/**
 * JPEG and PNG decoding in JavaScript, for when sharp cannot load. It aims at sharp's output
 * (`loadImage`): 8-bit RGB, EXIF orientation applied, grayscale expanded, alpha flattened onto white,
 * 16-bit samples reduced to 8, the result shrunk to `maxSide`. What differs: other formats (WebP, GIF, TIFF,
 * AVIF, SVG) are refused; ICC profiles are ignored (pixels are taken as sRGB); JPEG pixels are within about
 * a grey level of libjpeg's on average but further apart at sharp colour edges of 4:2:0 files (libjpeg
 * smooths the chroma as it upsamples it); and the whole image is decoded before shrinking, so the size cap
 * below is much lower than sharp's.
 */

/**
 * Largest image the JavaScript decoders accept, in megapixels: jpeg-js's own default. It decodes the whole
 * image to RGBA first, 400 MB at this size, which a 4 GB board still holds.
 */
export const JS_MAX_MEGAPIXELS = 100;
/** jpeg-js's cap on what it allocates while decoding, in MB; its default too. */
const JS_MAX_MEMORY_MB = 512;

export type JsImageFormat = 'jpeg' | 'png';

/** Magic numbers of the formats sharp reads and the JavaScript decoders do not, to name them in the error. */
const OTHER_FORMATS: Array<{ name: string; matches: (b: Uint8Array) => boolean }> = [
  { name: 'GIF', matches: (b) => ascii(b, 0, 4) === 'GIF8' },
  { name: 'WebP', matches: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP' },
  { name: 'TIFF', matches: (b) => ascii(b, 0, 4) === 'II*\0' || ascii(b, 0, 4) === 'MM\0*' },
  { name: 'AVIF/HEIF', matches: (b) => ascii(b, 4, 4) === 'ftyp' },
  { name: 'SVG', matches: (b) => /^\s*<(\?xml|svg)/.test(ascii(b, 0, 64)) },
];

/** 'jpeg' or 'png' by the file's first bytes; a UsageError naming the format for anything else. */
export function sniffJsFormat(bytes: Uint8Array, source: string): JsImageFormat {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (ascii(bytes, 0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  const other = OTHER_FORMATS.find((f) => f.matches(bytes));
  const what = other ? `${other.name} needs sharp` : 'not a JPEG or PNG file';
  throw new UsageError(`cannot decode image ${source}: ${what} (without native addons only JPEG and PNG are read)`);
}

/** A JPEG or PNG file's bytes as upright 8-bit RGB, no side longer than `maxSide`. */
export function decodeWithJs(bytes: Uint8Array, source: string, maxSide: number): RgbImage {
  const format = sniffJsFormat(bytes, source);
  let decoded: RgbImage;
  try {
    decoded = format === 'jpeg' ? decodeJpeg(bytes) : decodePng(bytes);
  } catch (error) {
    throw new UsageError(`cannot decode image ${source}: ${String((error as Error)?.message ?? error).split('\n')[0]}`);
  }
  return shrinkToFit(decoded, maxSide);
}

function decodeJpeg(bytes: Uint8Array): RgbImage {
  const { data, width, height } = jpeg.decode(bytes, {
    useTArray: true,
    formatAsRGBA: true,
    maxResolutionInMP: JS_MAX_MEGAPIXELS,
    maxMemoryUsageInMB: JS_MAX_MEMORY_MB,
  });
  if (width < 1 || height < 1) throw new Error('no image data');
  return applyOrientation({ rgb: rgbOnWhite(data), width, height }, jpegOrientation(bytes));
}

function decodePng(bytes: Uint8Array): RgbImage {
  checkPngSize(bytes);
  // pngjs expands palette and grayscale to RGBA and scales 16-bit samples to 8 bits.
  const png = pngjs.PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return { rgb: rgbOnWhite(png.data), width: png.width, height: png.height };
}

/** pngjs has no size limit of its own; the IHDR chunk (always first) gives the size before any inflating. */
function checkPngSize(bytes: Uint8Array): void {
  if (bytes.length < 24 || ascii(bytes, 12, 4) !== 'IHDR') throw new Error('truncated PNG (no IHDR chunk)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (width * height > JS_MAX_MEGAPIXELS * 1e6) {
    throw new Error(`${width}x${height} is over the ${JS_MAX_MEGAPIXELS} megapixels the JavaScript decoder takes`);
  }
}


/** Shrinks (never enlarges) so the longer side is at most `maxSide`, aspect kept, as sharp's fit 'inside'. */
function shrinkToFit(image: RgbImage, maxSide: number): RgbImage {
  const longer = Math.max(image.width, image.height);
  if (longer <= maxSide) return image;
  const scale = maxSide / longer;
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  return resizeRgb(image, width, height);
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}
