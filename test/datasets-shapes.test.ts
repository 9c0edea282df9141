import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { SCENE_PRESETS } from '../src/datasets/presets.js';
import { SHAPE_CLASSES } from '../src/datasets/shape-geometry.js';
import { generateDataset, generateScene, type Scene } from '../src/datasets/shapes.js';
import type { SceneOptions } from '../src/datasets/scene-options.js';

const sum = (mask: Uint8Array): number => mask.reduce((s, v) => s + v, 0);

function colourAt(scene: Scene, pixel: number): string {
  return Array.from(scene.rgb.subarray(pixel * 3, pixel * 3 + 3)).join(',');
}

/** Distinct colours of the pixels where `select` holds. */
function coloursWhere(scene: Scene, select: (pixel: number) => boolean): Set<string> {
  const colours = new Set<string>();
  for (let p = 0; p < scene.width * scene.height; p++) if (select(p)) colours.add(colourAt(scene, p));
  return colours;
}

function centroid(mask: Uint8Array, width: number): [number, number] {
  let x = 0;
  let y = 0;
  let n = 0;
  mask.forEach((v, p) => {
    if (v === 0) return;
    x += (p % width) + 0.5;
    y += Math.floor(p / width) + 0.5;
    n++;
  });
  return [x / n, y / n];
}

describe('generateScene determinism', () => {
  it('gives identical bytes for the same seed and options', () => {
    const options = SCENE_PRESETS.varied;
    for (const seed of [0, 1, 12345, 2 ** 31]) {
      const a = generateScene(seed, options);
      const b = generateScene(seed, options);
      expect(Buffer.from(b.rgb).equals(Buffer.from(a.rgb))).toBe(true);
      expect(Buffer.from(b.mask).equals(Buffer.from(a.mask))).toBe(true);
      expect(b.distractorMasks.map((m) => Buffer.from(m).toString('hex'))).toEqual(a.distractorMasks.map((m) => Buffer.from(m).toString('hex')));
      expect(b.label).toBe(a.label);
    }
  });

  it('gives different images for different seeds', () => {
    const a = generateScene(1);
    const b = generateScene(2);
    expect(Buffer.from(a.rgb).equals(Buffer.from(b.rgb))).toBe(false);
  });

  it('generateDataset repeats exactly for the same seed', () => {
    const a = generateDataset(12, 9, SCENE_PRESETS.multiObject);
    const b = generateDataset(12, 9, SCENE_PRESETS.multiObject);
    expect(b.map((s) => Buffer.from(s.rgb).toString('base64'))).toEqual(a.map((s) => Buffer.from(s.rgb).toString('base64')));
  });
});

describe('ground-truth masks', () => {
  it('on a flat background, the mask is exactly the set of pixels in the object colour', () => {
    for (let seed = 0; seed < 60; seed++) {
      const contrast = 0.01 + (seed % 10) / 10;
      const scene = generateScene(seed, { backgrounds: ['flat'], contrast: [contrast, contrast] });
      const inside = coloursWhere(scene, (p) => scene.mask[p] === 1);
      const outside = coloursWhere(scene, (p) => scene.mask[p] === 0);
      expect(inside.size).toBe(1);
      expect(outside.size).toBe(1);
      expect([...inside][0]).not.toBe([...outside][0]);
    }
  });

  it('the largest channel difference between object and flat background is round(contrast * 255)', () => {
    for (const contrast of [0.1, 0.37, 0.8, 1]) {
      const scene = generateScene(5, { backgrounds: ['flat'], contrast: [contrast, contrast] });
      const objectPixel = scene.mask.indexOf(1);
      const backgroundPixel = scene.mask.indexOf(0);
      const diffs = [0, 1, 2].map((c) => Math.abs(scene.rgb[objectPixel * 3 + c] - scene.rgb[backgroundPixel * 3 + c]));
      expect(Math.max(...diffs)).toBe(Math.round(contrast * 255));
    }
  });

  it('target and distractor masks never overlap, and each distractor mask is one colour', () => {
    for (let seed = 0; seed < 30; seed++) {
      const scene = generateScene(seed, { ...SCENE_PRESETS.multiObject, backgrounds: ['flat'] });
      const owners = new Uint8Array(scene.width * scene.height);
      for (const m of [scene.mask, ...scene.distractorMasks]) m.forEach((v, p) => (owners[p] += v));
      expect(Math.max(...owners)).toBe(1);
      for (const m of scene.distractorMasks) {
        if (sum(m) > 0) expect(coloursWhere(scene, (p) => m[p] === 1).size).toBe(1);
      }
    }
  });

  it('distractors are of other classes than the target, and distinct', () => {
    for (let seed = 0; seed < 30; seed++) {
      const scene = generateScene(seed, { distractors: [3, 3] });
      expect(scene.distractorLabels).toHaveLength(3);
      expect(scene.distractorLabels).not.toContain(scene.label);
      expect(new Set(scene.distractorLabels).size).toBe(3);
    }
  });

  // Areas in units of radius^2, from each shape's definition in shape-geometry.ts.
  const UNIT_AREAS: Record<string, number> = {
    circle: Math.PI,
    square: 2,
    triangle: (3 * Math.sqrt(3)) / 4,
    cross: 2 * (0.6 * 1.9) - 0.6 * 0.6,
    star: 10 * 0.5 * 0.45 * Math.sin(Math.PI / 5),
    ring: Math.PI * (1 - 0.55 ** 2),
  };
  it.each(SHAPE_CLASSES.map((name, label) => [name, label] as const))('a large %s covers its geometric area within 2%%', (name, label) => {
    const scene = generateScene(3, { width: 128, height: 128, size: [0.45, 0.45], position: 'center', label });
    const radius = 0.45 * 128;
    expect(sum(scene.mask) / (radius * radius)).toBeCloseTo(UNIT_AREAS[name], 1);
    expect(Math.abs(sum(scene.mask) / (radius * radius) / UNIT_AREAS[name] - 1)).toBeLessThan(0.02);
  });
});

describe('class balance', () => {
  it('generateScene draws each class about equally often over many seeds', () => {
    const counts = new Array(SHAPE_CLASSES.length).fill(0);
    const n = 1200;
    for (let seed = 0; seed < n; seed++) counts[generateScene(seed, { width: 16, height: 16 }).label]++;
    // Binomial sd is sqrt(1200 * 1/6 * 5/6) = 12.9; 4 sd either side.
    for (const count of counts) expect(Math.abs(count - n / SHAPE_CLASSES.length)).toBeLessThan(52);
  });

  it('generateDataset holds every class exactly count / K times', () => {
    const scenes = generateDataset(60, 4, { width: 16, height: 16 });
    const counts = new Array(SHAPE_CLASSES.length).fill(0);
    for (const s of scenes) counts[s.label]++;
    expect(counts).toEqual(new Array(SHAPE_CLASSES.length).fill(10));
  });

  it('generateDataset labels come in a mixed order', () => {
    const labels = generateDataset(60, 4, { width: 16, height: 16 }).map((s) => s.label);
    const sorted = [...labels].sort((a, b) => a - b);
    expect(labels).not.toEqual(sorted);
    expect(labels.slice(0, 6)).not.toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('className names the label', () => {
    const scene = generateScene(11, { label: 4 });
    expect(scene.className).toBe(SHAPE_CLASSES[4]);
  });
});

describe('every knob changes the scene as it says', () => {
  const base: Partial<SceneOptions> = { backgrounds: ['flat'], contrast: [0.6, 0.6], size: [0.2, 0.2], rotation: 0, label: 1 };
  const seed = 21;

  it('width and height set the image size', () => {
    const scene = generateScene(seed, { ...base, width: 40, height: 24 });
    expect([scene.width, scene.height, scene.rgb.length, scene.mask.length]).toEqual([40, 24, 40 * 24 * 3, 40 * 24]);
  });

  it('backgrounds: flat has one colour, gradient and noise many, texture two', () => {
    const backgroundColours = (kind: 'flat' | 'gradient' | 'noise' | 'texture'): number => {
      const scene = generateScene(seed, { ...base, backgrounds: [kind], backgroundVariation: 0.1 });
      return coloursWhere(scene, (p) => scene.mask[p] === 0).size;
    };
    expect(backgroundColours('flat')).toBe(1);
    expect(backgroundColours('gradient')).toBeGreaterThan(10);
    expect(backgroundColours('noise')).toBeGreaterThan(10);
    expect(backgroundColours('texture')).toBe(2);
  });

  it('backgroundVariation widens the spread of background values', () => {
    const spread = (variation: number): number => {
      const scene = generateScene(seed, { ...base, backgrounds: ['gradient'], backgroundVariation: variation, contrast: [0.1, 0.1] });
      const reds = Array.from({ length: scene.width * scene.height }, (_, p) => scene.rgb[p * 3]).filter((_, p) => scene.mask[p] === 0);
      return Math.max(...reds) - Math.min(...reds);
    };
    expect(spread(0)).toBe(0);
    expect(spread(0.05)).toBeGreaterThan(5);
    expect(spread(0.1)).toBeGreaterThan(spread(0.05));
  });

  it('contrast changes the object colour only', () => {
    const low = generateScene(seed, { ...base, contrast: [0.2, 0.2] });
    const high = generateScene(seed, { ...base, contrast: [0.9, 0.9] });
    expect(Buffer.from(low.mask).equals(Buffer.from(high.mask))).toBe(true);
    expect(Buffer.from(low.rgb).equals(Buffer.from(high.rgb))).toBe(false);
  });

  it('size scales the mask area with the square of the radius', () => {
    const small = sum(generateScene(seed, { ...base, size: [0.15, 0.15] }).mask);
    const large = sum(generateScene(seed, { ...base, size: [0.3, 0.3] }).mask);
    expect(large / small).toBeCloseTo(4, 0);
  });

  it("position 'center' and {x, y} put the target's centroid there", () => {
    const centred = generateScene(seed, { ...base, label: 0, position: 'center' });
    const [cx, cy] = centroid(centred.mask, centred.width);
    expect(cx).toBeCloseTo(32, 0);
    expect(cy).toBeCloseTo(32, 0);
    const placed = generateScene(seed, { ...base, label: 0, position: { x: 0.25, y: 0.75 } });
    const [px, py] = centroid(placed.mask, placed.width);
    expect(px).toBeCloseTo(16, 0);
    expect(py).toBeCloseTo(48, 0);
  });

  it('random positions keep the target fully inside the image', () => {
    for (let s = 0; s < 40; s++) {
      const scene = generateScene(s, { ...base, label: 0, position: 'random', size: [0.3, 0.3] });
      expect(sum(scene.mask) / (0.3 * 64) ** 2).toBeCloseTo(Math.PI, 1);
    }
  });

  it('rotation turns a square: 45 degrees moves its corners onto the axes', () => {
    const options = { ...base, label: 1, position: 'center' as const, size: [0.4, 0.4] as const };
    const upright = generateScene(seed, { ...options, rotation: 0 });
    const turned = generateScene(seed, { ...options, rotation: 45 });
    // Column 32 through the centre: the upright square's half-side is r/sqrt2, the turned one reaches r.
    const columnHeight = (scene: Scene): number => Array.from({ length: 64 }, (_, y) => scene.mask[y * 64 + 32]).reduce((a, b) => a + b, 0);
    expect(columnHeight(upright)).toBeCloseTo(2 * 0.4 * 64 * Math.SQRT1_2, -0.5);
    expect(columnHeight(turned)).toBeCloseTo(2 * 0.4 * 64, -0.5);
    expect(sum(turned.mask)).toBeCloseTo(sum(upright.mask), -1.5);
  });

  it('distractors adds that many objects with their own non-empty masks', () => {
    const none = generateScene(seed, base);
    const two = generateScene(seed, { ...base, distractors: [2, 2] });
    expect(none.distractorMasks).toHaveLength(0);
    expect(two.distractorMasks).toHaveLength(2);
    for (const m of two.distractorMasks) expect(sum(m)).toBeGreaterThan(10);
  });

  it('distractorScale sets distractor size relative to the target', () => {
    const area = (scale: number): number => {
      const scene = generateScene(seed, { ...base, distractors: [1, 1], distractorScale: [scale, scale] });
      return sum(scene.distractorMasks[0]);
    };
    expect(area(0.8) / area(0.4)).toBeGreaterThan(2.5);
  });

  it('label fixes the target class', () => {
    for (let label = 0; label < SHAPE_CLASSES.length; label++) expect(generateScene(seed, { label }).label).toBe(label);
  });
});

describe('presets', () => {
  it('multiObject scenes hold two or three distractors, clean ones none', () => {
    for (let s = 0; s < 20; s++) {
      expect(generateScene(s, SCENE_PRESETS.multiObject).distractorMasks.length).toBeGreaterThanOrEqual(2);
      expect(generateScene(s, SCENE_PRESETS.multiObject).distractorMasks.length).toBeLessThanOrEqual(3);
      expect(generateScene(s, SCENE_PRESETS.clean).distractorMasks).toHaveLength(0);
    }
  });

  it('lowContrast scenes stay below a fifth of the range', () => {
    for (let s = 0; s < 20; s++) expect(generateScene(s, SCENE_PRESETS.lowContrast).contrast).toBeLessThanOrEqual(0.18);
  });

  it('textured scenes use the texture background', () => {
    expect(generateScene(1, SCENE_PRESETS.textured).background).toBe('texture');
  });
});

describe('option checks', () => {
  it.each([
    [{ width: 4 }, /width and height/],
    [{ contrast: [0.5, 0.2] as const }, /contrast/],
    [{ contrast: [0, 1.5] as const }, /contrast/],
    [{ backgrounds: [] }, /backgrounds/],
    [{ backgrounds: ['plaid' as 'flat'] }, /backgrounds/],
    [{ distractors: [0, 9] as const }, /distractors/],
    [{ distractors: [0.5, 1] as const }, /distractors/],
    [{ label: 6 }, /label/],
    [{ size: [0, 0.2] as const }, /size/],
    [{ position: { x: 2, y: 0 } }, /position.x/],
    [{ rotation: Number.NaN }, /rotation/],
  ])('rejects %j with a UsageError', (options, message) => {
    expect(() => generateScene(1, options as Partial<SceneOptions>)).toThrow(UsageError);
    expect(() => generateScene(1, options as Partial<SceneOptions>)).toThrow(message);
  });
});
