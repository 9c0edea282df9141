import { existsSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { InputSpec } from '../../engines/types.js';
import { UsageError } from '../../errors.js';
import { loadSharp } from '../../image/codec.js';
import { DEFAULT_MAX_SIDE, listImages } from '../../image/decode.js';
import { prepareImage } from '../../image/prepare.js';
import type { ItemSource } from './evaluation-item.js';

export const FOLDER_CONDITION = 'images';

/** The images of a folder, each scored against the PNG of the same base name in `masksDir` (non-zero = object). */
export function folderItems(imagesDir: string, masksDir: string, inputSpec: InputSpec): ItemSource {
  if (!existsSync(masksDir) || !statSync(masksDir).isDirectory()) throw new UsageError(`masks folder not found: ${masksDir}`);
  const images = listImages(imagesDir);
  const masks = images.map((image) => maskPathFor(image, masksDir));
  return {
    count: images.length,
    load: async (index) => {
      const prepared = await prepareImage(images[index], inputSpec);
      const { original } = prepared;
      const mask = await loadMask(masks[index]);
      if (mask.width !== original.width || mask.height !== original.height) {
        throw new UsageError(`mask ${masks[index]} is ${mask.width}x${mask.height}; its image ${images[index]} is ${original.width}x${original.height}`);
      }
      return {
        id: basename(images[index]),
        condition: FOLDER_CONDITION,
        input: prepared.input.data,
        image: original,
        mask: mask.values,
        box: prepared.box,
      };
    },
  };
}

function maskPathFor(image: string, masksDir: string): string {
  const path = join(masksDir, `${basename(image, extname(image))}.png`);
  if (!existsSync(path)) throw new UsageError(`no mask for image ${image}: expected ${path}`);
  return path;
}

/**
 * A mask PNG as 0/1, any non-zero colour channel counting as object. It is shrunk as images are on decoding
 * (DEFAULT_MAX_SIDE), with nearest-neighbour sampling so that it stays binary.
 */
async function loadMask(path: string): Promise<{ values: Uint8Array; width: number; height: number }> {
  const sharp = await loadSharp();
  if (!sharp) throw new UsageError(`cannot decode mask ${path}: masks are read with sharp, which is not loaded (native addons off)`);
  let decoded;
  try {
    decoded = await sharp(path, { autoOrient: true })
      .resize({ width: DEFAULT_MAX_SIDE, height: DEFAULT_MAX_SIDE, fit: 'inside', withoutEnlargement: true, kernel: 'nearest' })
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new UsageError(`cannot decode mask ${path}: ${String((error as Error).message).split('\n')[0]}`);
  }
  const { data, info } = decoded;
  const values = new Uint8Array(info.width * info.height);
  for (let i = 0; i < values.length; i++) {
    for (let c = 0; c < info.channels; c++) if (data[i * info.channels + c] !== 0) values[i] = 1;
  }
  return { values, width: info.width, height: info.height };
}
