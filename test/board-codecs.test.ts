/**
 * The JavaScript image codecs that replace sharp on a board without native addons, checked against sharp
 * itself: same pixels where the format is lossless, within a few grey levels where decoders may differ.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { imageCodecName, setImageCodec } from '../src/image/codec.js';
import { loadImage } from '../src/image/decode.js';
import { decodeWithJs } from '../src/image/decode-js.js';
import { applyOrientation, jpegOrientation } from '../src/image/exif-orientation.js';
import { resizeForModel } from '../src/image/resize-for-model.js';
import type { RgbImage } from '../src/image/rgb-image.js';
import { glyphBitmap, MISSING_GLYPH } from '../src/render/bitmap-font.js';
import { encodeImage } from '../src/render/encode.js';
import { encodeJpegJs, encodePngJs } from '../src/render/encode-js.js';
import { composePanels } from '../src/render/panel.js';
import { TITLE_ROW_HEIGHT } from '../src/render/title-row.js';
import { bitmapTitleRow } from '../src/render/title-row-bitmap.js';
import { HAVE_SHARED, IMAGES } from './onnx-fixtures.js';

afterEach(() => setImageCodec(undefined));

/** A photo-like test card: smooth gradients, a disc with a hard edge, and fine stripes in one corner. */
function testCard(width: number, height: number): RgbImage {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inDisc = (x - width * 0.4) ** 2 + (y - height * 0.5) ** 2 < (Math.min(width, height) * 0.3) ** 2;
      const stripes = x > width * 0.75 && y < height * 0.25 ? ((x >> 1) % 2) * 120 : 0;
      const o = (y * width + x) * 3;
      rgb[o] = inDisc ? 230 : Math.round((200 * x) / width) + 20;
      rgb[o + 1] = inDisc ? 60 : Math.round((180 * y) / height) + stripes / 2;
      rgb[o + 2] = inDisc ? 40 : 90 + stripes;
    }
  }
  return { rgb, width, height };
}

function raw(image: RgbImage, channels = 3): Sharp {
  return sharp(image.rgb, { raw: { width: image.width, height: image.height, channels: channels as 3 } });
}

async function sharpDecode(bytes: Uint8Array): Promise<RgbImage> {
  setImageCodec('sharp');
  const image = await loadImage(bytes);
  setImageCodec(undefined);
  return image;
}

function diff(a: Uint8Array, b: Uint8Array): { max: number; mean: number } {
  expect(a.length).toBe(b.length);
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    max = Math.max(max, d);
    sum += d;
  }
  return { max, mean: sum / a.length };
}

describe('PNG without sharp', () => {
  it('round-trips an RGB image exactly, and sharp reads the PNG to the same pixels', async () => {
    const card = testCard(37, 23);
    const png = encodePngJs(card);
    expect(Array.from(png.subarray(1, 4), (c) => String.fromCharCode(c)).join('')).toBe('PNG');
    const back = decodeWithJs(png, 'card.png', 4096);
    expect([back.width, back.height]).toEqual([37, 23]);
    expect(back.rgb).toEqual(card.rgb);
    expect((await sharpDecode(png)).rgb).toEqual(card.rgb);
  });

  it('decodes grayscale, palette, 16-bit and RGBA PNGs as sharp does (alpha onto white, within one level)', async () => {
    const card = testCard(20, 12);
    const alpha = new Uint8Array(20 * 12 * 4);
    for (let i = 0; i < 20 * 12; i++) alpha.set([...card.rgb.subarray(i * 3, i * 3 + 3), (i * 17) % 256], i * 4);
    const variants: Record<string, Buffer> = {
      gray: await raw(card).toColourspace('b-w').png().toBuffer(),
      palette: await raw(card).png({ palette: true, colours: 16, dither: 0 }).toBuffer(),
      sixteenBit: await raw(card).toColourspace('rgb16').png().toBuffer(),
      rgba: await sharp(alpha, { raw: { width: 20, height: 12, channels: 4 } }).png().toBuffer(),
    };
    for (const [name, png] of Object.entries(variants)) {
      const js = decodeWithJs(png, name, 4096);
      const reference = await sharpDecode(png);
      expect([name, js.width, js.height]).toEqual([name, reference.width, reference.height]);
      expect(diff(js.rgb, reference.rgb).max, name).toBeLessThanOrEqual(1);
    }
  });

  it('shrinks an image over maxSide to the size sharp gives, keeping the aspect', async () => {
    const png = encodePngJs(testCard(300, 200));
    const js = decodeWithJs(png, 'big.png', 100);
    setImageCodec('sharp');
    const reference = await loadImage(png, { maxSide: 100 });
    expect([js.width, js.height]).toEqual([reference.width, reference.height]);
    expect([js.width, js.height]).toEqual([100, 67]);
    expect(diff(js.rgb, reference.rgb).mean).toBeLessThan(2);
  });
});

describe('JPEG without sharp', () => {
  it('decodes 4:4:4 and 4:2:0 JPEGs to within a few grey levels of libjpeg on average, the most at sharp chroma edges', async () => {
    const card = testCard(96, 64);
    for (const chromaSubsampling of ['4:4:4', '4:2:0']) {
      const jpeg = await raw(card).jpeg({ quality: 90, chromaSubsampling }).toBuffer();
      const d = diff(decodeWithJs(jpeg, 'card.jpg', 4096).rgb, (await sharpDecode(jpeg)).rgb);
      // Measured: 4:4:4 mean 0.57, max 3. With 4:2:0 the card's one-pixel stripes meet libjpeg's smoothed
      // chroma upsampling and jpeg-js's plainer one: mean 2.5, max 54 there. A wrong colour transform is > 10.
      expect(d.mean, chromaSubsampling).toBeLessThan(chromaSubsampling === '4:4:4' ? 1 : 3.5);
      expect(d.max, chromaSubsampling).toBeLessThan(chromaSubsampling === '4:4:4' ? 6 : 80);
    }
  });

  it('applies each of the eight EXIF orientations as sharp does', async () => {
    // Asymmetric: every flip and turn of it is a different image.
    const card = testCard(24, 16);
    for (let orientation = 1; orientation <= 8; orientation++) {
      const jpeg = await raw(card).jpeg({ quality: 100, chromaSubsampling: '4:4:4' }).withMetadata({ orientation }).toBuffer();
      expect(jpegOrientation(jpeg)).toBe(orientation);
      const js = decodeWithJs(jpeg, 'oriented.jpg', 4096);
      const reference = await sharpDecode(jpeg);
      expect([orientation, js.width, js.height]).toEqual([orientation, reference.width, reference.height]);
      expect([orientation, js.width]).toEqual([orientation, orientation >= 5 ? 16 : 24]);
      expect(diff(js.rgb, reference.rgb).mean, `orientation ${orientation}`).toBeLessThan(1);
    }
  });

  it('orientation 6 (turn 90 degrees clockwise) moves the bottom-left stored pixel to the top-left', () => {
    const image = { rgb: Uint8Array.from([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6]), width: 3, height: 2 };
    const turned = applyOrientation(image, 6);
    expect([turned.width, turned.height]).toEqual([2, 3]);
    expect(Array.from(turned.rgb.filter((_, i) => i % 3 === 0))).toEqual([4, 1, 5, 2, 6, 3]);
    // 8 (turn counter-clockwise): the top-right stored pixel comes first.
    expect(Array.from(applyOrientation(image, 8).rgb.filter((_, i) => i % 3 === 0))).toEqual([3, 6, 2, 5, 1, 4]);
  });

  it('reads no orientation (1) from a JPEG without EXIF and from a damaged EXIF block', async () => {
    const plain = await raw(testCard(8, 8)).jpeg().toBuffer();
    expect(jpegOrientation(plain)).toBe(1);
    const damaged = Uint8Array.from([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x0c, 0x45, 0x78, 0x69, 0x66, 0, 0, 0x4d, 0x4d, 0, 0x2a, 0xff, 0xd9]);
    expect(jpegOrientation(damaged)).toBe(1);
  });

  it('encodes a JPEG that sharp decodes to within a few levels of the original', async () => {
    const card = testCard(64, 48);
    const jpeg = encodeJpegJs(card, 90);
    const back = await sharpDecode(jpeg);
    expect([back.width, back.height]).toEqual([64, 48]);
    expect(diff(back.rgb, card.rgb).mean).toBeLessThan(3);
  });

  it.skipIf(!HAVE_SHARED || !existsSync(join(IMAGES, 'grace_hopper.jpg')))('decodes a real photo to within ~1 grey level of sharp on average', async () => {
    setImageCodec('js');
    const js = await loadImage(join(IMAGES, 'grace_hopper.jpg'));
    setImageCodec('sharp');
    const reference = await loadImage(join(IMAGES, 'grace_hopper.jpg'));
    expect([js.width, js.height]).toEqual([reference.width, reference.height]);
    expect(diff(js.rgb, reference.rgb).mean).toBeLessThan(1.5);
  });
});

describe('formats and errors without sharp', () => {
  it('refuses WebP, GIF and unknown bytes with one line that names the problem', async () => {
    const webp = await raw(testCard(8, 8)).webp().toBuffer();
    const gif = await raw(testCard(8, 8)).gif().toBuffer();
    expect(() => decodeWithJs(webp, 'a.webp', 4096)).toThrow(new UsageError('cannot decode image a.webp: WebP needs sharp (without native addons only JPEG and PNG are read)'));
    expect(() => decodeWithJs(gif, 'a.gif', 4096)).toThrow(/^cannot decode image a\.gif: GIF needs sharp/);
    expect(() => decodeWithJs(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), 'x.png', 4096)).toThrow(/^cannot decode image x\.png: not a JPEG or PNG file/);
  });

  it('turns a truncated PNG or JPEG into a UsageError, not a crash', async () => {
    const png = encodePngJs(testCard(40, 30));
    const jpeg = await raw(testCard(40, 30)).jpeg().toBuffer();
    for (const [name, bytes] of [['cut.png', png.subarray(0, 60)], ['cut.png', png.subarray(0, 20)], ['cut.jpg', jpeg.subarray(0, 40)]] as const) {
      let error: unknown;
      try {
        decodeWithJs(bytes, name, 4096);
      } catch (e) {
        error = e;
      }
      expect(error, name).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(new RegExp(`^cannot decode image ${name.replace('.', '\\.')}: \\S`));
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('rejects a PNG that claims more pixels than the JavaScript decoder takes, before inflating it', () => {
    const png = Buffer.from(encodePngJs(testCard(4, 4)));
    png.writeUInt32BE(20000, 16);
    png.writeUInt32BE(20000, 20);
    expect(() => decodeWithJs(png, 'huge.png', 4096)).toThrow(/20000x20000 is over the 100 megapixels/);
  });
});

describe('the codec switch', () => {
  it('uses sharp when it loads, and the JavaScript codecs when forced or when LITECAM_NATIVE=0', async () => {
    const png = encodePngJs(testCard(10, 10));
    await loadImage(png);
    expect(imageCodecName()).toBe('sharp');
    setImageCodec('js');
    await loadImage(png);
    expect(imageCodecName()).toBe('js');
    setImageCodec(undefined);
    process.env.LITECAM_NATIVE = '0';
    try {
      await loadImage(png);
      expect(imageCodecName()).toBe('js');
    } finally {
      delete process.env.LITECAM_NATIVE;
    }
    expect(() => setImageCodec('vips' as never)).toThrow("image codec: expected sharp or js, got 'vips'");
  });

  it('resizes for the model to within about a grey level of sharp (8x and 2x reductions, fill and crop)', async () => {
    const card = testCard(512, 384);
    for (const [size, mode, maxMean] of [[64, 'fill', 2], [224, 'crop', 0.5]] as const) {
      setImageCodec('js');
      const js = await resizeForModel(card, size, size, mode);
      setImageCodec('sharp');
      const reference = await resizeForModel(card, size, size, mode);
      expect(js.box).toEqual(reference.box);
      expect(diff(js.rgb, reference.rgb).mean, `${size} ${mode}`).toBeLessThan(maxMean);
    }
  });
});

describe('figure titles without sharp', () => {
  it('has a glyph for every printable ASCII character, no two alike', () => {
    const seen = new Map<string, string>();
    for (let code = 32; code < 127; code++) {
      const char = String.fromCharCode(code);
      const key = glyphBitmap(char).join('');
      expect(seen.get(key), `'${char}' draws like '${seen.get(key)}'`).toBeUndefined();
      seen.set(key, char);
    }
    expect(glyphBitmap('\u00e9')).toEqual(glyphBitmap(MISSING_GLYPH));
  });

  it('draws each title in black inside its own column, centred, cutting one that does not fit', () => {
    const columns = [{ left: 0, width: 100 }, { left: 104, width: 100 }];
    const row = bitmapTitleRow(['input', 'a title far too long for one column of a hundred pixels'], columns, 204);
    expect([row.width, row.height]).toEqual([204, TITLE_ROW_HEIGHT]);
    const inkColumns = (from: number, to: number) => {
      const xs: number[] = [];
      for (let x = from; x < to; x++) {
        for (let y = 0; y < row.height; y++) if (row.rgb[(y * row.width + x) * 3] === 0) { xs.push(x); break; }
      }
      return xs;
    };
    const first = inkColumns(0, 102);
    const second = inkColumns(102, 204);
    expect(first.length).toBeGreaterThan(0);
    expect((first[0] + first[first.length - 1]) / 2).toBeCloseTo(50, -1);
    expect(second[0]).toBeGreaterThanOrEqual(104);
    expect(second[second.length - 1]).toBeLessThan(204);
    expect(new Set(row.rgb)).toEqual(new Set([0, 255]));
  });

  it('encodes a figure with its title band above the unchanged panels', async () => {
    const panel = testCard(40, 30);
    const figure = composePanels([panel, panel]);
    setImageCodec('js');
    const png = await encodeImage(figure, 'png', { titles: ['a', 'b'] });
    const back = await sharpDecode(png);
    expect([back.width, back.height]).toEqual([figure.width, figure.height + TITLE_ROW_HEIGHT]);
    expect(back.rgb.subarray(TITLE_ROW_HEIGHT * figure.width * 3)).toEqual(figure.rgb);
    expect(back.rgb.subarray(0, TITLE_ROW_HEIGHT * figure.width * 3).includes(0)).toBe(true);
  });
});
