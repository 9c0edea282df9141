import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import { rgbaOpaque, type RgbImage } from '../image/rgb-image.js';

/**
 * PNG and JPEG encoding in JavaScript, for when sharp cannot load: pngjs (zlib from Node itself) and
 * jpeg-js's baseline encoder. PNG pixels are the same as sharp's (lossless). A JPEG decodes to slightly
 * different pixels than sharp's at the same quality: jpeg-js keeps full-resolution chroma (4:4:4, where
 * libjpeg's default is 4:2:0), so its files are also larger.
 */

/**
 * Every row Paeth-filtered, zlib level 6 (sharp's default level). pngjs's default tries all five filters on
 * every row at level 9: measured on a 2572x480 four-panel figure, 202 ms for 8.7 kB against 65 ms for 9.2 kB.
 */
const PNG_OPTIONS = { colorType: 2, inputColorType: 2, inputHasAlpha: false, deflateLevel: 6, filterType: 4 } as const;

/** PNG bytes of an RGB image: 8-bit truecolour, no alpha, as sharp writes it. */
export function encodePngJs(image: RgbImage): Buffer {
  const png = new pngjs.PNG({ width: image.width, height: image.height, ...PNG_OPTIONS });
  png.data = Buffer.from(image.rgb.buffer, image.rgb.byteOffset, image.rgb.byteLength);
  return pngjs.PNG.sync.write(png, PNG_OPTIONS);
}

/** Baseline JPEG bytes of an RGB image at `quality` (1-100). */
export function encodeJpegJs(image: RgbImage, quality: number): Buffer {
  return jpeg.encode({ data: rgbaOpaque(image.rgb), width: image.width, height: image.height }, quality).data;
}
