import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { listImages } from '../src/image/list-images.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'litecam-list-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('listImages', () => {
  it('lists the image files of a folder by extension, any case, sorted by name', async () => {
    const folder = join(dir, 'mixed');
    await mkdir(join(folder, 'nested.png'), { recursive: true });
    for (const name of ['b.JPG', 'a.png', 'notes.txt', 'c.webp', 'A2.tiff', 'model.onnx']) await writeFile(join(folder, name), 'x');
    expect(listImages(folder)).toEqual(['A2.tiff', 'a.png', 'b.JPG', 'c.webp'].map((n) => join(folder, n)));
  });

  it('returns a file path as it is, whatever its extension', async () => {
    const file = join(dir, 'photo.unknown');
    await writeFile(file, 'x');
    expect(listImages(file)).toEqual([file]);
  });

  it('rejects a folder without images, naming the extensions it looks for', async () => {
    const folder = join(dir, 'empty');
    await mkdir(folder);
    await writeFile(join(folder, 'readme.md'), 'x');
    expect(() => listImages(folder)).toThrow(UsageError);
    expect(() => listImages(folder)).toThrow(/^no image files in .*empty; expected files ending in .*\.png/);
  });

  it('rejects a path that does not exist', () => {
    const missing = join(dir, 'missing');
    expect(() => listImages(missing)).toThrow(new UsageError(`image not found: ${missing}`));
  });
});
