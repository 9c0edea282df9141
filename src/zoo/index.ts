import type * as tf from '@tensorflow/tfjs';
import type { PreprocessSpec } from '../engines/types.js';
import { UsageError } from '../errors.js';
import { buildEfficientNetB0, EFFICIENTNETB0_DEFAULT_LAYER, EFFICIENTNETB0_PREPROCESS } from './efficientnetb0.js';
import { buildMobileNetV2, MOBILENETV2_DEFAULT_LAYER, MOBILENETV2_PREPROCESS, type MobileNetV2Options } from './mobilenetv2.js';
import { buildResNet18, RESNET18_DEFAULT_LAYER, RESNET18_PREPROCESS } from './resnet18.js';
import { buildVgg16, VGG16_DEFAULT_LAYER, VGG16_PREPROCESS, type Vgg16Options } from './vgg16.js';

/** Every option any zoo architecture takes; each builder rejects the ones it does not have. */
export type ZooBuildOptions = MobileNetV2Options & Vgg16Options;

export interface ZooEntry {
  /** Builds the network with seeded random weights; logits out. */
  build(options?: ZooBuildOptions): tf.LayersModel;
  /** The last spatial layer, where Grad-CAM looks by default and layer auto-detection should land. */
  defaultLayer: string;
  /** How images are prepared for this network, after the reference implementation it follows. */
  preprocess: PreprocessSpec;
  /** The paper that defines the architecture. */
  paper: string;
}

export const ZOO = {
  mobilenetv2: {
    build: buildMobileNetV2,
    defaultLayer: MOBILENETV2_DEFAULT_LAYER,
    preprocess: MOBILENETV2_PREPROCESS,
    paper: 'Sandler et al. 2018, MobileNetV2: Inverted Residuals and Linear Bottlenecks',
  },
  resnet18: {
    build: buildResNet18,
    defaultLayer: RESNET18_DEFAULT_LAYER,
    preprocess: RESNET18_PREPROCESS,
    paper: 'He et al. 2016, Deep Residual Learning for Image Recognition',
  },
  vgg16: {
    build: buildVgg16,
    defaultLayer: VGG16_DEFAULT_LAYER,
    preprocess: VGG16_PREPROCESS,
    paper: 'Simonyan & Zisserman 2015, Very Deep Convolutional Networks for Large-Scale Image Recognition',
  },
  efficientnetb0: {
    build: buildEfficientNetB0,
    defaultLayer: EFFICIENTNETB0_DEFAULT_LAYER,
    preprocess: EFFICIENTNETB0_PREPROCESS,
    paper: 'Tan & Le 2019, EfficientNet: Rethinking Model Scaling for Convolutional Neural Networks',
  },
} as const satisfies Record<string, ZooEntry>;

export type ZooName = keyof typeof ZOO;

export const ZOO_NAMES = Object.keys(ZOO) as ZooName[];

/** Marks a model argument (`--model zoo:resnet18`) as a zoo architecture rather than a file or URL. */
export const ZOO_SPEC_PREFIX = 'zoo:';

export function isZooName(name: string): name is ZooName {
  return Object.hasOwn(ZOO, name);
}

/** The entry for `name`; an unknown name throws a UsageError that lists the zoo. */
export function zooEntry(name: string): ZooEntry {
  if (!isZooName(name)) {
    throw new UsageError(`unknown zoo model '${name}'; the zoo has ${ZOO_NAMES.join(', ')}`);
  }
  return ZOO[name];
}

export function buildZooModel(name: string, options: ZooBuildOptions = {}): tf.LayersModel {
  return zooEntry(name).build(options);
}

/**
 * The zoo name in a model argument such as 'zoo:resnet18', or undefined when the argument is not a zoo
 * spec (a path or URL). A zoo spec naming no zoo model throws a UsageError.
 */
export function parseZooSpec(spec: string): ZooName | undefined {
  if (!spec.startsWith(ZOO_SPEC_PREFIX)) return undefined;
  const name = spec.slice(ZOO_SPEC_PREFIX.length);
  zooEntry(name);
  return name as ZooName;
}
