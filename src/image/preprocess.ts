import type { PreprocessSpec } from '../engines/types.js';
import { UsageError } from '../errors.js';

/**
 * torchvision's ImageNet convention (transforms.Normalize in every torchvision classification recipe):
 * [0,1] pixels, then per-channel mean and std of the ImageNet training set.
 */
export const IMAGENET_PREPROCESS: PreprocessSpec = {
  scale: 1 / 255,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
  resize: 'fill',
};

/** Keras `preprocess_input` in 'tf' mode (InceptionV3, MobileNet, MobileNetV2): pixels to [-1, 1]. */
export const INCEPTION_PREPROCESS: PreprocessSpec = {
  scale: 1 / 127.5,
  mean: [1, 1, 1],
  std: [1, 1, 1],
  resize: 'fill',
};

/** Pixels as they are, 0..255: models that normalise inside their own graph (Keras EfficientNet, ConvNeXt). */
export const RAW_PREPROCESS: PreprocessSpec = {
  scale: 1,
  mean: [0, 0, 0],
  std: [1, 1, 1],
  resize: 'fill',
};

/** Pixels to [0, 1], as a Keras `Rescaling(1/255)` front layer or TF.js `tf.browser.fromPixels(...).div(255)`. */
export const UNIT_PREPROCESS: PreprocessSpec = {
  scale: 1 / 255,
  mean: [0, 0, 0],
  std: [1, 1, 1],
  resize: 'fill',
};

export const PREPROCESS_PRESETS = {
  imagenet: IMAGENET_PREPROCESS,
  inception: INCEPTION_PREPROCESS,
  raw: RAW_PREPROCESS,
  unit: UNIT_PREPROCESS,
} as const satisfies Record<string, PreprocessSpec>;

export type PreprocessPresetName = keyof typeof PREPROCESS_PRESETS;

export const PREPROCESS_PRESET_NAMES = Object.keys(PREPROCESS_PRESETS) as PreprocessPresetName[];

/** The preset called `name`; an unknown name is a UsageError listing the presets. */
export function preprocessPreset(name: string): PreprocessSpec {
  if (!Object.hasOwn(PREPROCESS_PRESETS, name)) {
    throw new UsageError(`unknown preprocessing '${name}'; expected one of: ${PREPROCESS_PRESET_NAMES.join(', ')}`);
  }
  return PREPROCESS_PRESETS[name as PreprocessPresetName];
}

/** When neither the user nor the model says: the torchvision convention most exported ONNX classifiers follow. */
export const DEFAULT_PREPROCESS_PRESET: PreprocessPresetName = 'imagenet';

/** A preset name, or fields to set over a base: `{ preset?: name, scale?, mean?, std?, resize? }`. */
export type PreprocessOption = string | (Partial<PreprocessSpec> & { preset?: string });

const SPEC_KEYS = ['preset', 'scale', 'mean', 'std', 'resize'];

/**
 * The spec a model runs with. A name is that preset. An object sets its fields over its own `preset`, else
 * over `base` (the model's sidecar), else over the default preset. Nothing at all gives `base` or the default.
 */
export function resolvePreprocess(option?: PreprocessOption, base?: PreprocessOption): PreprocessSpec {
  if (option === undefined) {
    return base === undefined ? preprocessPreset(DEFAULT_PREPROCESS_PRESET) : resolvePreprocess(base);
  }
  if (typeof option === 'string') {
    return preprocessPreset(option);
  }
  if (typeof option !== 'object' || option === null) {
    throw new UsageError(`preprocessing: expected a preset name or an object, got ${JSON.stringify(option)}`);
  }
  const unknown = Object.keys(option).filter((key) => !SPEC_KEYS.includes(key));
  if (unknown.length > 0) {
    throw new UsageError(`preprocessing: unknown field '${unknown[0]}'; expected: ${SPEC_KEYS.join(', ')}`);
  }
  const start = option.preset !== undefined ? preprocessPreset(option.preset) : resolvePreprocess(undefined, base === option ? undefined : base);
  return checkPreprocessSpec({
    scale: option.scale ?? start.scale,
    mean: option.mean ?? start.mean,
    std: option.std ?? start.std,
    resize: option.resize ?? start.resize,
  });
}

/** Fields that came from JSON or the command line, checked before any pixel is touched. */
export function checkPreprocessSpec(spec: PreprocessSpec): PreprocessSpec {
  if (typeof spec.scale !== 'number' || !Number.isFinite(spec.scale) || spec.scale <= 0) {
    throw new UsageError(`preprocessing scale: expected a positive number, got ${JSON.stringify(spec.scale)}`);
  }
  for (const field of ['mean', 'std'] as const) {
    const v: unknown = spec[field];
    if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw new UsageError(`preprocessing ${field}: expected 3 numbers (R, G, B), got ${JSON.stringify(v)}`);
    }
  }
  if (spec.std.some((s) => s === 0)) {
    throw new UsageError(`preprocessing std: expected non-zero values, got [${spec.std.join(', ')}]`);
  }
  if (spec.resize !== 'fill' && spec.resize !== 'crop') {
    throw new UsageError(`preprocessing resize: expected 'fill' or 'crop', got ${JSON.stringify(spec.resize)}`);
  }
  return { scale: spec.scale, mean: [...spec.mean], std: [...spec.std], resize: spec.resize };
}

/**
 * RGB bytes (interleaved, any number of pixels) -> model input values in the same NHWC order:
 * `(pixel * scale - mean[c]) / std[c]`.
 */
export function normalizePixels(rgb: Uint8Array, spec: PreprocessSpec): Float32Array {
  if (rgb.length % 3 !== 0) {
    throw new UsageError(`expected interleaved RGB bytes (a multiple of 3), got ${rgb.length} bytes`);
  }
  checkPreprocessSpec(spec);
  // One multiply-add per value: (p*scale - m)/s == p*(scale/s) + (-m/s).
  const gain = spec.std.map((s) => spec.scale / s);
  const offset = spec.mean.map((m, c) => -m / spec.std[c]);
  const out = new Float32Array(rgb.length);
  for (let i = 0; i < rgb.length; i += 3) {
    out[i] = rgb[i] * gain[0] + offset[0];
    out[i + 1] = rgb[i + 1] * gain[1] + offset[1];
    out[i + 2] = rgb[i + 2] * gain[2] + offset[2];
  }
  return out;
}
