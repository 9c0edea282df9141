import type { SceneOptions } from './scene-options.js';

/**
 * Named conditions for evaluating explanations, each a set of scene options. `varied` mixes all of them and
 * is what the demo model is trained and tested on.
 */
export const SCENE_PRESETS = {
  /** Flat background, strong contrast, one object: the easy case. */
  clean: { backgrounds: ['flat'], contrast: [0.5, 1], distractors: [0, 0] },
  /** Stripes and checkerboards behind the object: spatial clutter a map might latch onto. */
  textured: { backgrounds: ['texture'], backgroundVariation: 0.2, contrast: [0.4, 0.8], distractors: [0, 0] },
  /** The object barely differs from its background (8% to 18% of the range). */
  lowContrast: { backgrounds: ['flat', 'gradient', 'noise'], backgroundVariation: 0.05, contrast: [0.08, 0.18], distractors: [0, 0] },
  /** Two or three smaller objects of other classes beside the target. */
  multiObject: { backgrounds: ['flat', 'gradient'], contrast: [0.4, 1], distractors: [2, 3] },
  /** Every background, contrast from faint (20%) to full, one object. */
  varied: { backgrounds: ['flat', 'gradient', 'noise', 'texture'], contrast: [0.2, 1], distractors: [0, 0] },
} as const satisfies Record<string, Partial<SceneOptions>>;

export type ScenePreset = keyof typeof SCENE_PRESETS;
