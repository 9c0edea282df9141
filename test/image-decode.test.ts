import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { DEFAULT_MAX_SIDE, loadImage } from '../src/image/decode.js';
import { prepareImage } from '../src/image/prepare.js';
import { IMAGENET_PREPROCESS } from '../src/image/preprocess.js';

const SHARED = resolve(fileURLToPath(new URL('..', import.meta.url)), '../shared');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'litecam-decode-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function rawImage(width: number, height: number, channels: 1 | 2 | 3 | 4, pixel: (i: number) => number[]): Sharp {
  const data = Buffer.alloc(width * height * channels);
  for (let i = 0; i < width * height; i++) data.set(pixel(i), i * channels);
  return sharp(data, { raw: { width, height, channels } });
}

describe('loadImage', () => {
  it('expands a one-channel grayscale PNG to three equal channels', async () => {
    const path = join(dir, 'gray.png');
    await rawImage(5, 4, 1, (i) => [i * 10]).toColourspace('b-w').png().toFile(path);
    expect((await sharp(path).metadata()).channels).toBe(1);
    const image = await loadImage(path);
    expect([image.width, image.height, image.rgb.length]).toEqual([5, 4, 60]);
    expect(Array.from(image.rgb.subarray(21, 24))).toEqual([70, 70, 70]);
    expect(image.source).toBe(path);
  });

  it('flattens transparent RGBA pixels onto white and keeps opaque ones', async () => {
    const path = join(dir, 'rgba.png');
    await rawImage(4, 2, 4, (i) => (i % 2 === 0 ? [200, 10, 20, 255] : [0, 0, 0, 0])).png().toFile(path);
    const image = await loadImage(path);
    expect(image.rgb.length).toBe(4 * 2 * 3);
    expect(Array.from(image.rgb.subarray(0, 6))).toEqual([200, 10, 20, 255, 255, 255]);
  });

  it('half-transparent black over white decodes to mid grey', async () => {
    const image = await loadImage(await rawImage(2, 2, 4, () => [0, 0, 0, 128]).png().toBuffer());
    expect(image.rgb[0]).toBeGreaterThanOrEqual(126);
    expect(image.rgb[0]).toBeLessThanOrEqual(128);
  });

  it('reduces a 16-bit PNG to 8-bit values', async () => {
    const png = await rawImage(3, 2, 3, () => [0xc0, 0xc0, 0xc0]).toColourspace('rgb16').png().toBuffer();
    expect((await sharp(png).metadata()).depth).toBe('ushort');
    const image = await loadImage(png);
    expect(Array.from(image.rgb.subarray(0, 3))).toEqual([0xc0, 0xc0, 0xc0]);
  });

  it('applies EXIF orientation (6 = rotate 90°) so a 40x20 JPEG comes out 20x40', async () => {
    const path = join(dir, 'rotated.jpg');
    await rawImage(40, 20, 3, () => [90, 90, 90]).jpeg().withMetadata({ orientation: 6 }).toFile(path);
    const image = await loadImage(path);
    expect([image.width, image.height]).toEqual([20, 40]);
  });

  it('decodes from a buffer and names the source <buffer>', async () => {
    const image = await loadImage(await rawImage(3, 3, 3, () => [1, 2, 3]).png().toBuffer());
    expect(image.source).toBe('<buffer>');
    expect(Array.from(image.rgb.subarray(0, 3))).toEqual([1, 2, 3]);
  });

  it('shrinks a 10000x10000 PNG while decoding: bounded size and memory', async () => {
    const path = join(dir, 'huge.png');
    await sharp({ create: { width: 10000, height: 10000, channels: 3, background: { r: 10, g: 200, b: 30 } } })
      .png()
      .toFile(path);
    const before = process.resourceUsage().maxRSS * 1024;
    const image = await loadImage(path, { maxSide: 512 });
    const growth = process.resourceUsage().maxRSS * 1024 - before;
    expect([image.width, image.height]).toEqual([512, 512]);
    expect(Array.from(image.rgb.subarray(0, 3))).toEqual([10, 200, 30]);
    // Decoding it whole would take 10000*10000*3 bytes = 300 MB for the pixels alone.
    expect(growth).toBeLessThan(200e6);
  });

  it('keeps the aspect ratio when shrinking to the default maxSide', async () => {
    const image = await loadImage(
      await sharp({ create: { width: 8192, height: 2048, channels: 3, background: '#808080' } }).png().toBuffer(),
    );
    expect([image.width, image.height]).toEqual([DEFAULT_MAX_SIDE, DEFAULT_MAX_SIDE / 4]);
  });

  it('never enlarges a small image', async () => {
    const image = await loadImage(await rawImage(7, 5, 3, () => [0, 0, 0]).png().toBuffer(), { maxSide: 100 });
    expect([image.width, image.height]).toEqual([7, 5]);
  });

  it('reports a missing file as "image not found"', async () => {
    const path = join(dir, 'nope.png');
    await expect(loadImage(path)).rejects.toThrow(new UsageError(`image not found: ${path}`));
  });

  it('reports a directory', async () => {
    const sub = join(dir, 'folder.png');
    await mkdir(sub);
    await expect(loadImage(sub)).rejects.toThrow(`expected an image file, got a directory: ${sub}`);
  });

  it('reports an empty file', async () => {
    const path = join(dir, 'empty.png');
    await writeFile(path, '');
    await expect(loadImage(path)).rejects.toThrow(new UsageError(`cannot decode image ${path}: empty file`));
    await expect(loadImage(new Uint8Array(0))).rejects.toThrow('cannot decode image <buffer>: empty file');
  });

  it('reports a file that is not an image, on one line', async () => {
    const path = join(dir, 'notes.jpg');
    await writeFile(path, 'just some text, not a JPEG');
    const error = await loadImage(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(new RegExp(`^cannot decode image ${path}: \\S`));
    expect((error as Error).message).not.toContain('\n');
  });

  it('reports a truncated JPEG as corrupt', async () => {
    const jpeg = await rawImage(64, 64, 3, (i) => [i % 256, 0, 0]).jpeg().toBuffer();
    const path = join(dir, 'truncated.jpg');
    await writeFile(path, jpeg.subarray(0, jpeg.length / 2));
    await expect(loadImage(path)).rejects.toThrow(/^cannot decode image .*truncated\.jpg: .+/);
  });

  it('rejects a maxSide that is not a positive integer', async () => {
    await expect(loadImage(join(dir, 'x.png'), { maxSide: 0 })).rejects.toThrow('maxSide: expected a positive integer, got 0');
  });
});

describe.skipIf(!existsSync(SHARED))('loadImage on real photos (needs ../shared)', () => {
  it('decodes chelsea.png at its own size and prepares a 224x224 ImageNet input', async () => {
    const path = join(SHARED, 'images', 'chelsea.png');
    const meta = await sharp(path).metadata();
    const prepared = await prepareImage(path, { width: 224, height: 224, channels: 3, layout: 'NCHW', preprocess: IMAGENET_PREPROCESS });
    expect([prepared.original.width, prepared.original.height]).toEqual([meta.width, meta.height]);
    expect(prepared.input.data.length).toBe(224 * 224 * 3);
    const min = prepared.input.data.reduce((a, b) => Math.min(a, b), Infinity);
    const max = prepared.input.data.reduce((a, b) => Math.max(a, b), -Infinity);
    // ImageNet normalisation maps 0..255 into [-2.118, 2.640].
    expect(min).toBeGreaterThanOrEqual(-2.1180);
    expect(max).toBeLessThanOrEqual(2.6401);
    expect(max - min).toBeGreaterThan(2);
  });

  it('decodes a JPEG photo (grace_hopper.jpg) to 3 channels', async () => {
    const path = join(SHARED, 'images', 'grace_hopper.jpg');
    const meta = await sharp(path).metadata();
    const image = await loadImage(path);
    expect(image.rgb.length).toBe((meta.width ?? 0) * (meta.height ?? 0) * 3);
  });
});

if (!existsSync(SHARED)) console.warn(`skipped real-photo decoding tests: ${SHARED} is absent`);
