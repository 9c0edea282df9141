import * as tf from '@tensorflow/tfjs';
import type { PreprocessSpec } from '../engines/types.js';
import { UsageError } from '../errors.js';
import { depthwiseHeUniformInitializer, heUniformInitializer } from './initializers.js';
import { makeDivisible } from './make-divisible.js';
import { BASE_OPTION_NAMES, rejectUnknownOptions, resolveZooOptions, type ZooOptions } from './options.js';
import { applyLayer, channelsOf } from './symbolic.js';
import { INCEPTION_PREPROCESS } from '../image/preprocess.js';
import { calibratedModel, pooledLogits } from './classifier-top.js';

export interface MobileNetV2Options extends ZooOptions {
  /** The paper's width multiplier alpha: scales every layer's channels, the last conv's only when above 1. */
  widthMultiplier?: number;
}

const MODEL = 'mobilenetv2';

/** Sandler et al. 2018, Table 2: expansion factor t, output channels c, repeats n, stride s of the first. */
const BOTTLENECK_STAGES = [
  { expansion: 1, channels: 16, repeats: 1, stride: 1 },
  { expansion: 6, channels: 24, repeats: 2, stride: 2 },
  { expansion: 6, channels: 32, repeats: 3, stride: 2 },
  { expansion: 6, channels: 64, repeats: 4, stride: 2 },
  { expansion: 6, channels: 96, repeats: 3, stride: 1 },
  { expansion: 6, channels: 160, repeats: 3, stride: 2 },
  { expansion: 6, channels: 320, repeats: 1, stride: 1 },
] as const;

/** Table 2: the stem conv and the last 1x1 conv. */
const STEM_CHANNELS = 32;
const LAST_CHANNELS = 1280;

/** Keras applications' MobileNetV2 batch-norm settings. */
const BATCH_NORM = { epsilon: 1e-3, momentum: 0.999 };

export const MOBILENETV2_DEFAULT_WIDTH = 1.0;

/** The last spatial layer: the 1x1 conv to 1280 channels after its ReLU6, right before global pooling. */
export const MOBILENETV2_DEFAULT_LAYER = 'out_relu';

/** Keras `mobilenet_v2.preprocess_input`: pixels to [-1, 1]. */
export const MOBILENETV2_PREPROCESS: PreprocessSpec = { ...INCEPTION_PREPROCESS, resize: 'fill' };

function resolveWidth(value: number | undefined): number {
  const width = value ?? MOBILENETV2_DEFAULT_WIDTH;
  if (!Number.isFinite(width) || width <= 0) {
    throw new UsageError(`${MODEL}: widthMultiplier must be a number > 0; got ${String(value)}`);
  }
  return width;
}

/** Conv (no bias, a batch norm follows) → batch norm → optional ReLU6, named the Keras way. */
function convBn(
  x: tf.SymbolicTensor,
  filters: number,
  kernelSize: number,
  stride: number,
  names: { conv: string; bn: string; relu?: string },
  seed: number,
): tf.SymbolicTensor {
  // TF 'same' padding at stride 2 pads bottom/right exactly as Keras's explicit ZeroPadding2D + 'valid' does.
  const conv = tf.layers.conv2d({
    filters,
    kernelSize,
    strides: stride,
    padding: 'same',
    useBias: false,
    kernelInitializer: heUniformInitializer(seed, names.conv),
    name: names.conv,
  });
  const y = applyLayer(tf.layers.batchNormalization({ ...BATCH_NORM, name: names.bn }), applyLayer(conv, x));
  return names.relu === undefined ? y : applyLayer(tf.layers.reLU({ maxValue: 6, name: names.relu }), y);
}

function depthwiseBn(x: tf.SymbolicTensor, stride: number, prefix: string, seed: number): tf.SymbolicTensor {
  const name = `${prefix}depthwise`;
  const depthwise = tf.layers.depthwiseConv2d({
    kernelSize: 3,
    strides: stride,
    padding: 'same',
    useBias: false,
    depthwiseInitializer: depthwiseHeUniformInitializer(seed, name),
    name,
  });
  const y = applyLayer(tf.layers.batchNormalization({ ...BATCH_NORM, name: `${prefix}depthwise_BN` }), applyLayer(depthwise, x));
  return applyLayer(tf.layers.reLU({ maxValue: 6, name: `${prefix}depthwise_relu` }), y);
}

/**
 * Inverted residual block: 1x1 expansion (skipped when t = 1), 3x3 depthwise, linear 1x1 projection, and
 * a residual add when the shape is unchanged. Keras names block 0 'expanded_conv_' and the rest 'block_<i>_'.
 */
function invertedResidual(
  x: tf.SymbolicTensor,
  block: { id: number; expansion: number; filters: number; stride: number },
  seed: number,
): tf.SymbolicTensor {
  const prefix = block.id === 0 ? 'expanded_conv_' : `block_${block.id}_`;
  const inChannels = channelsOf(x);
  const expanded =
    block.expansion === 1
      ? x
      : convBn(x, inChannels * block.expansion, 1, 1, { conv: `${prefix}expand`, bn: `${prefix}expand_BN`, relu: `${prefix}expand_relu` }, seed);
  const filtered = depthwiseBn(expanded, block.stride, prefix, seed);
  const projected = convBn(filtered, block.filters, 1, 1, { conv: `${prefix}project`, bn: `${prefix}project_BN` }, seed);
  const keepsShape = block.stride === 1 && inChannels === block.filters;
  return keepsShape ? applyLayer(tf.layers.add({ name: `${prefix}add` }), [x, projected]) : projected;
}

/** MobileNetV2 (Sandler et al. 2018) with Keras applications' layer names; the Dense head outputs logits. */
export function buildMobileNetV2(options: MobileNetV2Options = {}): tf.LayersModel {
  rejectUnknownOptions(options, [...BASE_OPTION_NAMES, 'widthMultiplier'], MODEL);
  const { inputSize, numClasses, seed } = resolveZooOptions(options, MODEL);
  const width = resolveWidth(options.widthMultiplier);

  const input = tf.input({ shape: [inputSize, inputSize, 3], name: 'input' });
  let x = convBn(input, makeDivisible(STEM_CHANNELS * width), 3, 2, { conv: 'Conv1', bn: 'bn_Conv1', relu: 'Conv1_relu' }, seed);
  let id = 0;
  for (const stage of BOTTLENECK_STAGES) {
    const filters = makeDivisible(stage.channels * width);
    for (let repeat = 0; repeat < stage.repeats; repeat++) {
      const stride = repeat === 0 ? stage.stride : 1;
      x = invertedResidual(x, { id, expansion: stage.expansion, filters, stride }, seed);
      id++;
    }
  }
  // The paper scales every layer but the last conv when the multiplier is below 1: it helps small models.
  const lastChannels = width > 1 ? makeDivisible(LAST_CHANNELS * width) : LAST_CHANNELS;
  x = convBn(x, lastChannels, 1, 1, { conv: 'Conv_1', bn: 'Conv_1_bn', relu: MOBILENETV2_DEFAULT_LAYER }, seed);
  const logits = pooledLogits(x, numClasses, seed, 'global_average_pooling2d');
  return calibratedModel(input, logits, `mobilenetv2_${width.toFixed(2)}_${inputSize}`, seed);
}
