import type SharpConstructor from 'sharp';
import { UsageError } from '../errors.js';
import { nativeAddonsAllowed } from '../native-addons.js';

/**
 * Which implementation decodes, resizes and encodes images: sharp (libvips, a native addon) or the
 * JavaScript codecs (jpeg-js, pngjs and the resampler in TypeScript). One switch for `image/` and
 * `render/`, so a process never mixes them. sharp is imported lazily, on the first image, so loading the
 * CLI or the library never loads the addon.
 */
export type ImageCodecName = 'sharp' | 'js';
export const IMAGE_CODECS: readonly ImageCodecName[] = ['sharp', 'js'];

type Sharp = typeof SharpConstructor;

let forced: ImageCodecName | undefined;
let selection: Promise<Sharp | null> | undefined;
let selected: ImageCodecName | null = null;

/**
 * Forces one codec (undefined: automatic, sharp when it loads). Forcing sharp where it cannot load makes
 * the next image a UsageError rather than a silent fallback.
 */
export function setImageCodec(name: ImageCodecName | undefined): void {
  if (name !== undefined && !IMAGE_CODECS.includes(name)) {
    throw new UsageError(`image codec: expected ${IMAGE_CODECS.join(' or ')}, got '${String(name)}'`);
  }
  forced = name;
  selection = undefined;
  selected = null;
}

/** The codec in use, or null before the first image has been decoded or encoded. */
export function imageCodecName(): ImageCodecName | null {
  return selected;
}

/** sharp when it is allowed and loads; null means: use the JavaScript codecs. */
export function loadSharp(): Promise<Sharp | null> {
  selection ??= selectSharp();
  return selection;
}

async function selectSharp(): Promise<Sharp | null> {
  const wanted = forced ?? (nativeAddonsAllowed() ? undefined : 'js');
  if (wanted === 'js') {
    selected = 'js';
    return null;
  }
  try {
    const sharp = (await import('sharp')).default;
    selected = 'sharp';
    return sharp;
  } catch (error) {
    if (wanted === 'sharp') {
      selection = undefined;
      throw new UsageError(`the sharp image codec cannot load: ${String((error as Error)?.message ?? error).split('\n')[0]}`);
    }
    selected = 'js';
    return null;
  }
}
