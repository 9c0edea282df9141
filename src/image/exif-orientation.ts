import type { RgbImage } from './rgb-image.js';

/**
 * EXIF orientation for the JavaScript JPEG decoder (sharp applies it itself). Cameras store the sensor's
 * pixels as read and record how to turn them in tag 0x0112 of the first IFD (TIFF 6.0 section 8; EXIF 2.32
 * section 4.6.4): 1 upright, 2 mirrored, 3 rotated 180, 4 flipped, 5 transposed, 6 to turn 90 degrees
 * clockwise, 7 transversed, 8 to turn 90 degrees counter-clockwise. A phone photo is usually 6.
 */
export type Orientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

const SOI = 0xd8;
const SOS = 0xda;
const APP1 = 0xe1;
const ORIENTATION_TAG = 0x0112;
const EXIF_HEADER = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00]; // "Exif\0\0"

/**
 * The orientation a JPEG's EXIF block records; 1 when there is none or it cannot be read (a damaged EXIF
 * block should not stop a photo from being explained, and upright is what every viewer then shows).
 */
export function jpegOrientation(jpeg: Uint8Array): Orientation {
  if (jpeg[0] !== 0xff || jpeg[1] !== SOI) return 1;
  let at = 2;
  // Markers before the scan data, each 0xFF, a code and a big-endian length that counts itself.
  while (at + 4 <= jpeg.length && jpeg[at] === 0xff) {
    const marker = jpeg[at + 1];
    if (marker === SOS) return 1;
    const length = (jpeg[at + 2] << 8) | jpeg[at + 3];
    if (length < 2) return 1;
    if (marker === APP1 && hasExifHeader(jpeg, at + 4)) {
      return tiffOrientation(jpeg.subarray(at + 4 + EXIF_HEADER.length, at + 2 + length));
    }
    at += 2 + length;
  }
  return 1;
}

function hasExifHeader(bytes: Uint8Array, at: number): boolean {
  return EXIF_HEADER.every((b, i) => bytes[at + i] === b);
}

/** Tag 0x0112 from IFD0 of a TIFF structure ("II" little-endian or "MM" big-endian). */
function tiffOrientation(tiff: Uint8Array): Orientation {
  if (tiff.length < 8) return 1;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const order = view.getUint16(0);
  if (order !== 0x4949 && order !== 0x4d4d) return 1;
  const little = order === 0x4949;
  const ifd = view.getUint32(4, little);
  if (ifd + 2 > tiff.length) return 1;
  const entries = view.getUint16(ifd, little);
  for (let i = 0; i < entries; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return 1;
    if (view.getUint16(entry, little) !== ORIENTATION_TAG) continue;
    // A SHORT, stored left-aligned in the 4-byte value field.
    const value = view.getUint16(entry + 8, little);
    return value >= 1 && value <= 8 ? (value as Orientation) : 1;
  }
  return 1;
}

/** The image as it should be shown: `orientation` undone. 5-8 swap width and height. */
export function applyOrientation(image: RgbImage, orientation: Orientation): RgbImage {
  if (orientation === 1) return image;
  const { rgb, width: w, height: h } = image;
  const swaps = orientation >= 5;
  const width = swaps ? h : w;
  const height = swaps ? w : h;
  const source = sourcePixel(orientation, w, h);
  const out = new Uint8Array(rgb.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const s = source(x, y) * 3;
      const o = (y * width + x) * 3;
      out[o] = rgb[s];
      out[o + 1] = rgb[s + 1];
      out[o + 2] = rgb[s + 2];
    }
  }
  return { rgb: out, width, height };
}

/** For a displayed pixel (x, y): the index of the stored pixel it shows, in a w x h stored image. */
function sourcePixel(orientation: Orientation, w: number, h: number): (x: number, y: number) => number {
  switch (orientation) {
    case 2:
      return (x, y) => y * w + (w - 1 - x);
    case 3:
      return (x, y) => (h - 1 - y) * w + (w - 1 - x);
    case 4:
      return (x, y) => (h - 1 - y) * w + x;
    case 5:
      return (x, y) => x * w + y;
    case 6:
      return (x, y) => (h - 1 - x) * w + y;
    case 7:
      return (x, y) => (h - 1 - x) * w + (w - 1 - y);
    case 8:
      return (x, y) => x * w + (w - 1 - y);
    default:
      return (x, y) => y * w + x;
  }
}
