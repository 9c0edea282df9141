import { paintBackground, type BackgroundKind } from './backgrounds.js';
import { pickColourPair, pickObjectColour, type Rgb } from './colours.js';
import { childSeed, mulberry32, pick, shuffled, uniform, integer, type Random } from './random.js';
import { resolveSceneOptions, type SceneOptions } from './scene-options.js';
import { insideTest, SHAPE_CLASSES, type ShapeClass } from './shape-geometry.js';

/** One generated image with its exact ground truth. */
export interface Scene {
  seed: number;
  width: number;
  height: number;
  /** Interleaved RGB, row-major, width * height * 3 bytes. */
  rgb: Uint8Array;
  /** The target's class, an index into SHAPE_CLASSES. */
  label: number;
  className: ShapeClass;
  /** 1 on every pixel painted with the target's colour, 0 elsewhere (width * height). */
  mask: Uint8Array;
  /** One mask per distractor: the pixels of it left visible (the target is painted last, on top). */
  distractorMasks: Uint8Array[];
  distractorLabels: number[];
  background: BackgroundKind;
  contrast: number;
}

/** Where one object goes, in pixels and radians. */
interface Placement {
  label: number;
  cx: number;
  cy: number;
  radius: number;
  angle: number;
  colour: Rgb;
}

/** Tries at finding a free spot for a distractor before accepting an overlap (its mask then shrinks to what stays visible). */
const PLACEMENT_ATTEMPTS = 50;
/** Pixels kept free between neighbouring objects' bounding circles. */
const PLACEMENT_GAP = 1;

function drawAngle(random: Random, rotation: SceneOptions['rotation']): number {
  return rotation === 'random' ? uniform(random, 0, 2 * Math.PI) : (rotation * Math.PI) / 180;
}

/** A centre where a disc of `radius` lies fully inside the image (or the image centre when it cannot). */
function randomCentre(random: Random, radius: number, width: number, height: number): [number, number] {
  const x = radius <= width / 2 ? uniform(random, radius, width - radius) : width / 2;
  const y = radius <= height / 2 ? uniform(random, radius, height - radius) : height / 2;
  return [x, y];
}

function targetCentre(random: Random, options: SceneOptions, radius: number): [number, number] {
  const { position, width, height } = options;
  if (position === 'center') return [width / 2, height / 2];
  if (position === 'random') return randomCentre(random, radius, width, height);
  return [position.x * width, position.y * height];
}

function overlapsAny(x: number, y: number, radius: number, placed: readonly Placement[]): boolean {
  return placed.some((p) => Math.hypot(p.cx - x, p.cy - y) < p.radius + radius + PLACEMENT_GAP);
}

function distractorCentre(random: Random, radius: number, placed: readonly Placement[], options: SceneOptions): [number, number] {
  let centre = randomCentre(random, radius, options.width, options.height);
  for (let attempt = 1; attempt < PLACEMENT_ATTEMPTS && overlapsAny(centre[0], centre[1], radius, placed); attempt++) {
    centre = randomCentre(random, radius, options.width, options.height);
  }
  return centre;
}

/** Paint one object's pixels with its colour and record it as their owner; no anti-aliasing, so ownership is exact. */
function paintObject(rgb: Uint8Array, owner: Int8Array, index: number, object: Placement, width: number, height: number): void {
  const inside = insideTest(object.label);
  const cos = Math.cos(object.angle);
  const sin = Math.sin(object.angle);
  const x0 = Math.max(0, Math.floor(object.cx - object.radius));
  const x1 = Math.min(width - 1, Math.ceil(object.cx + object.radius));
  const y0 = Math.max(0, Math.floor(object.cy - object.radius));
  const y1 = Math.min(height - 1, Math.ceil(object.cy + object.radius));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      // Pixel centres, rotated into the shape's own frame and scaled to the unit disc.
      const dx = x + 0.5 - object.cx;
      const dy = y + 0.5 - object.cy;
      const u = (dx * cos + dy * sin) / object.radius;
      const v = (-dx * sin + dy * cos) / object.radius;
      if (!inside(u, v)) continue;
      const p = y * width + x;
      owner[p] = index;
      rgb.set(object.colour, p * 3);
    }
  }
}

function maskOf(owner: Int8Array, index: number): Uint8Array {
  return Uint8Array.from(owner, (o) => (o === index ? 1 : 0));
}

/** One scene, fully determined by `seed` and `options` (see SCENE_DEFAULTS for what is left out). */
export function generateScene(seed: number, options: Partial<SceneOptions> = {}): Scene {
  const o = resolveSceneOptions(options);
  const random = mulberry32(seed);
  const label = o.label ?? integer(random, 0, SHAPE_CLASSES.length - 1);
  const background = pick(random, o.backgrounds);
  const contrast = uniform(random, o.contrast[0], o.contrast[1]);
  const colours = pickColourPair(random, contrast);
  const rgb = paintBackground(random, background, colours.background, o.backgroundVariation, o.width, o.height);

  const radius = Math.max(1, uniform(random, o.size[0], o.size[1]) * Math.min(o.width, o.height));
  const [cx, cy] = targetCentre(random, o, radius);
  const target: Placement = { label, cx, cy, radius, angle: drawAngle(random, o.rotation), colour: colours.object };

  const count = integer(random, o.distractors[0], o.distractors[1]);
  const otherLabels = shuffled(random, SHAPE_CLASSES.map((_, i) => i).filter((i) => i !== label)).slice(0, count);
  const distractors: Placement[] = [];
  for (const other of otherLabels) {
    const r = Math.max(1, radius * uniform(random, o.distractorScale[0], o.distractorScale[1]));
    const [x, y] = distractorCentre(random, r, [target, ...distractors], o);
    const colour = pickObjectColour(random, colours.background, contrast);
    distractors.push({ label: other, cx: x, cy: y, radius: r, angle: drawAngle(random, o.rotation), colour });
  }

  // Target last, on top: its mask is then its whole shape, and a distractor's mask is what stays visible.
  const owner = new Int8Array(o.width * o.height).fill(-1);
  distractors.forEach((d, i) => paintObject(rgb, owner, i, d, o.width, o.height));
  const targetIndex = distractors.length;
  paintObject(rgb, owner, targetIndex, target, o.width, o.height);

  return {
    seed,
    width: o.width,
    height: o.height,
    rgb,
    label,
    className: SHAPE_CLASSES[label],
    mask: maskOf(owner, targetIndex),
    distractorMasks: distractors.map((_, i) => maskOf(owner, i)),
    distractorLabels: otherLabels,
    background,
    contrast,
  };
}

/**
 * `count` scenes from one seed with classes as balanced as `count` allows (each class count/K times, in a
 * seeded order), unless `options.label` fixes the class. Scene i uses a seed derived from (seed, i).
 */
export function generateDataset(count: number, seed: number, options: Partial<SceneOptions> = {}): Scene[] {
  const order = shuffled(
    mulberry32(seed),
    Array.from({ length: count }, (_, i) => i % SHAPE_CLASSES.length),
  );
  return order.map((label, i) => generateScene(childSeed(seed, i), { ...options, label: options.label ?? label }));
}
