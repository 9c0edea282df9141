import { UsageError } from '../errors.js';
import { BACKGROUND_KINDS, type BackgroundKind } from './backgrounds.js';
import { SHAPE_CLASSES } from './shape-geometry.js';

export type Range = readonly [number, number];

/** Where the target's centre goes: anywhere it fits, the image centre, or fractions of width and height. */
export type Placement = 'random' | 'center' | { x: number; y: number };

export interface SceneOptions {
  width: number;
  height: number;
  /** One kind is drawn per scene from this list. */
  backgrounds: readonly BackgroundKind[];
  /** How far background pixels stray from the base colour, as a fraction of 255 (0 = flat whatever the kind). */
  backgroundVariation: number;
  /** Largest channel difference between object and background base colour, as a fraction of 255; drawn per scene. */
  contrast: Range;
  /** Target radius (of the circle the shape is inscribed in) as a fraction of min(width, height); drawn per scene. */
  size: Range;
  /** Distractor radius as a fraction of the target's radius; below 1 keeps the target the dominant object. */
  distractorScale: Range;
  position: Placement;
  /** 'random', or a fixed angle in degrees applied to every object. */
  rotation: 'random' | number;
  /** How many distractors (objects of other classes), drawn per scene from [min, max]. */
  distractors: Range;
  /** Force the target class (an index into SHAPE_CLASSES); otherwise drawn uniformly. */
  label?: number;
}

/**
 * 64x64 matches the demo model's input. Sizes from 0.15 to 0.3 of the side give radii of 10 to 19 pixels,
 * large enough that a star's five points stay distinct. Variation 0.15 (about 38 grey levels) keeps a
 * textured background visibly busy without hiding a high-contrast object.
 */
export const SCENE_DEFAULTS: SceneOptions = {
  width: 64,
  height: 64,
  backgrounds: ['flat'],
  backgroundVariation: 0.15,
  contrast: [0.5, 1],
  size: [0.15, 0.3],
  distractorScale: [0.5, 0.8],
  position: 'random',
  rotation: 'random',
  distractors: [0, 0],
};

function checkRange(name: string, range: Range, min: number, max: number): void {
  const [lo, hi] = range;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo >= min && hi <= max && lo <= hi)) {
    throw new UsageError(`${name} must be a range [lo, hi] with ${min} <= lo <= hi <= ${max}; got [${lo}, ${hi}]`);
  }
}

/** The defaults overridden by `options`, checked; anything a caller can get wrong throws a UsageError. */
export function resolveSceneOptions(options: Partial<SceneOptions> = {}): SceneOptions {
  const resolved: SceneOptions = { ...SCENE_DEFAULTS, ...options };
  const { width, height, backgrounds, label, position, rotation } = resolved;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 8 || height < 8) {
    throw new UsageError(`scene width and height must be integers >= 8; got ${width}x${height}`);
  }
  if (backgrounds.length === 0 || backgrounds.some((b) => !BACKGROUND_KINDS.includes(b))) {
    throw new UsageError(`backgrounds must be a non-empty list of ${BACKGROUND_KINDS.join(', ')}; got [${backgrounds.join(', ')}]`);
  }
  checkRange('backgroundVariation', [resolved.backgroundVariation, resolved.backgroundVariation], 0, 1);
  checkRange('contrast', resolved.contrast, 0, 1);
  checkRange('size', resolved.size, 0.02, 0.5);
  checkRange('distractorScale', resolved.distractorScale, 0.1, 1);
  checkRange('distractors', resolved.distractors, 0, SHAPE_CLASSES.length - 1);
  if (!Number.isInteger(resolved.distractors[0]) || !Number.isInteger(resolved.distractors[1])) {
    throw new UsageError(`distractors must be whole numbers; got [${resolved.distractors.join(', ')}]`);
  }
  if (label !== undefined && !(Number.isInteger(label) && label >= 0 && label < SHAPE_CLASSES.length)) {
    throw new UsageError(`label must be an integer in 0..${SHAPE_CLASSES.length - 1}; got ${label}`);
  }
  if (typeof position === 'object') {
    checkRange('position.x', [position.x, position.x], 0, 1);
    checkRange('position.y', [position.y, position.y], 0, 1);
  } else if (position !== 'random' && position !== 'center') {
    throw new UsageError(`position must be 'random', 'center' or { x, y }; got ${String(position)}`);
  }
  if (rotation !== 'random' && !Number.isFinite(rotation)) {
    throw new UsageError(`rotation must be 'random' or an angle in degrees; got ${String(rotation)}`);
  }
  return resolved;
}
