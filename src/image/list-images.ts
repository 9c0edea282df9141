import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { UsageError } from '../errors.js';

/**
 * Extensions of the raster formats sharp's prebuilt libvips decodes (`sharp.format[*].input.file`). BMP is not
 * among them, nor HEIC (HEVC is left out of the prebuilt binaries; AVIF is in).
 */
export const IMAGE_EXTENSIONS = ['.avif', '.gif', '.jpeg', '.jpg', '.png', '.tif', '.tiff', '.webp'];

/**
 * A file path -> that path alone (whatever its extension: decoding decides); a folder -> the image files
 * directly inside it, by extension, sorted by name. Sub-folders are not searched. Synchronous: it runs once
 * per command, before any work starts.
 */
export function listImages(pathOrDir: string): string[] {
  let info;
  try {
    info = statSync(pathOrDir);
  } catch {
    throw new UsageError(`image not found: ${pathOrDir}`);
  }
  if (!info.isDirectory()) {
    return [pathOrDir];
  }
  const entries = readdirSync(pathOrDir, { withFileTypes: true });
  const names = entries
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && isImageName(entry.name))
    .map((entry) => entry.name)
    .sort(byCodePoint);
  if (names.length === 0) {
    throw new UsageError(`no image files in ${pathOrDir}; expected files ending in ${IMAGE_EXTENSIONS.join(', ')}`);
  }
  return names.map((name) => join(pathOrDir, name));
}

function isImageName(name: string): boolean {
  return IMAGE_EXTENSIONS.includes(extname(name).toLowerCase());
}

/** Plain code-point order, so the listing is the same on every machine whatever its locale. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
