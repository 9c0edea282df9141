export { SHAPE_CLASSES, type ShapeClass } from './shape-geometry.js';
export { BACKGROUND_KINDS, type BackgroundKind } from './backgrounds.js';
export { SCENE_DEFAULTS, resolveSceneOptions, type SceneOptions, type Placement, type Range } from './scene-options.js';
export { generateScene, generateDataset, type Scene } from './shapes.js';
export { SCENE_PRESETS, type ScenePreset } from './presets.js';
export { mulberry32, childSeed, type Random } from './random.js';
