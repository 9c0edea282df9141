import * as tf from '@tensorflow/tfjs';
import type { PreprocessSpec } from '../engines/types.js';
import { depthwiseHeUniformInitializer, heUniformInitializer } from './initializers.js';
import { BASE_OPTION_NAMES, rejectUnknownOptions, resolveZooOptions, type ZooOptions } from './options.js';
import { applyLayer, channelsOf } from './symbolic.js';
import { IMAGENET_PREPROCESS } from '../image/preprocess.js';
import { calibratedModel, pooledLogits } from './classifier-top.js';

export type EfficientNetB0Options = ZooOptions;

const MODEL = 'efficientnetb0';

/**
 * Tan & Le 2019, Table 1 (EfficientNet-B0): MBConv stages with kernel size, repeats, output channels,
 * expansion ratio and the stride of the first block. B0 is the unscaled baseline (width and depth 1.0).
 */
const MBCONV_STAGES = [
  { kernelSize: 3, repeats: 1, channels: 16, expansion: 1, stride: 1 },
  { kernelSize: 3, repeats: 2, channels: 24, expansion: 6, stride: 2 },
  { kernelSize: 5, repeats: 2, channels: 40, expansion: 6, stride: 2 },
  { kernelSize: 3, repeats: 3, channels: 80, expansion: 6, stride: 2 },
  { kernelSize: 5, repeats: 3, channels: 112, expansion: 6, stride: 1 },
  { kernelSize: 5, repeats: 4, channels: 192, expansion: 6, stride: 2 },
  { kernelSize: 3, repeats: 1, channels: 320, expansion: 6, stride: 1 },
] as const;

const STEM_CHANNELS = 32;
const TOP_CHANNELS = 1280;

/** Squeeze-and-excitation bottleneck, relative to the block's input channels (the reference code's se_ratio). */
const SE_RATIO = 0.25;

/** Keras batch-norm defaults, which Keras applications' EfficientNet uses. */
const BATCH_NORM = { epsilon: 1e-3, momentum: 0.99 };

/** The last spatial layer: the top 1x1 conv to 1280 channels after BN and swish, right before global pooling. */
export const EFFICIENTNETB0_DEFAULT_LAYER = 'top_activation';

/**
 * Keras EfficientNet normalises inside the model (Rescaling 1/255, then ImageNet mean/std); here that step
 * is left to the preprocessor, and the centre crop keeps 224/256 of the image as the reference evaluation.
 */
export const EFFICIENTNETB0_PREPROCESS: PreprocessSpec = { ...IMAGENET_PREPROCESS, resize: 'crop' };

function convBnSwish(x: tf.SymbolicTensor, filters: number, kernelSize: number, stride: number, prefix: string, names: [string, string, string], seed: number): tf.SymbolicTensor {
  const [convName, bnName, activationName] = names.map((suffix) => `${prefix}${suffix}`);
  // TF 'same' padding at stride 2 pads exactly as Keras's explicit ZeroPadding2D(correct_pad) + 'valid' does.
  const conv = tf.layers.conv2d({
    filters,
    kernelSize,
    strides: stride,
    padding: 'same',
    useBias: false,
    kernelInitializer: heUniformInitializer(seed, convName),
    name: convName,
  });
  const normed = applyLayer(tf.layers.batchNormalization({ ...BATCH_NORM, name: bnName }), applyLayer(conv, x));
  return applyLayer(tf.layers.activation({ activation: 'swish', name: activationName }), normed);
}

function depthwiseBnSwish(x: tf.SymbolicTensor, kernelSize: number, stride: number, prefix: string, seed: number): tf.SymbolicTensor {
  const depthwise = tf.layers.depthwiseConv2d({
    kernelSize,
    strides: stride,
    padding: 'same',
    useBias: false,
    depthwiseInitializer: depthwiseHeUniformInitializer(seed, `${prefix}dwconv`),
    name: `${prefix}dwconv`,
  });
  const normed = applyLayer(tf.layers.batchNormalization({ ...BATCH_NORM, name: `${prefix}bn` }), applyLayer(depthwise, x));
  return applyLayer(tf.layers.activation({ activation: 'swish', name: `${prefix}activation` }), normed);
}

/** Squeeze-and-excitation: per-channel gates from the globally pooled features (GAP → 1x1 convs → sigmoid). */
function squeezeExcite(x: tf.SymbolicTensor, squeezedChannels: number, prefix: string, seed: number): tf.SymbolicTensor {
  const channels = channelsOf(x);
  const pooled = applyLayer(tf.layers.globalAveragePooling2d({ name: `${prefix}se_squeeze` }), x);
  const gate1x1 = applyLayer(tf.layers.reshape({ targetShape: [1, 1, channels], name: `${prefix}se_reshape` }), pooled);
  const reduce = tf.layers.conv2d({
    filters: squeezedChannels,
    kernelSize: 1,
    activation: 'swish',
    kernelInitializer: heUniformInitializer(seed, `${prefix}se_reduce`),
    name: `${prefix}se_reduce`,
  });
  const expand = tf.layers.conv2d({
    filters: channels,
    kernelSize: 1,
    activation: 'sigmoid',
    kernelInitializer: heUniformInitializer(seed, `${prefix}se_expand`),
    name: `${prefix}se_expand`,
  });
  const gate = applyLayer(expand, applyLayer(reduce, gate1x1));
  return applyLayer(tf.layers.multiply({ name: `${prefix}se_excite` }), [x, gate]);
}

/**
 * MBConv block: 1x1 expansion (skipped when the ratio is 1), depthwise conv, squeeze-and-excitation, linear
 * 1x1 projection, and a residual add when the shape is unchanged. Stochastic depth is a training-time
 * regulariser and is an identity at inference, so it is left out.
 */
function mbConv(
  x: tf.SymbolicTensor,
  block: { kernelSize: number; expansion: number; filters: number; stride: number; prefix: string },
  seed: number,
): tf.SymbolicTensor {
  const { prefix } = block;
  const inChannels = channelsOf(x);
  const expanded =
    block.expansion === 1
      ? x
      : convBnSwish(x, inChannels * block.expansion, 1, 1, prefix, ['expand_conv', 'expand_bn', 'expand_activation'], seed);
  const filtered = depthwiseBnSwish(expanded, block.kernelSize, block.stride, prefix, seed);
  const excited = squeezeExcite(filtered, Math.max(1, Math.floor(inChannels * SE_RATIO)), prefix, seed);
  const project = tf.layers.conv2d({
    filters: block.filters,
    kernelSize: 1,
    useBias: false,
    kernelInitializer: heUniformInitializer(seed, `${prefix}project_conv`),
    name: `${prefix}project_conv`,
  });
  const projected = applyLayer(tf.layers.batchNormalization({ ...BATCH_NORM, name: `${prefix}project_bn` }), applyLayer(project, excited));
  const keepsShape = block.stride === 1 && inChannels === block.filters;
  return keepsShape ? applyLayer(tf.layers.add({ name: `${prefix}add` }), [projected, x]) : projected;
}

/**
 * EfficientNet-B0 (Tan & Le 2019) with Keras applications' layer names (blocks 'block<stage><a,b,...>_');
 * logits out. The in-model Rescaling/Normalization and the training-only dropouts are left out.
 */
export function buildEfficientNetB0(options: EfficientNetB0Options = {}): tf.LayersModel {
  rejectUnknownOptions(options, BASE_OPTION_NAMES, MODEL);
  const { inputSize, numClasses, seed } = resolveZooOptions(options, MODEL);

  const input = tf.input({ shape: [inputSize, inputSize, 3], name: 'input' });
  let x = convBnSwish(input, STEM_CHANNELS, 3, 2, 'stem_', ['conv', 'bn', 'activation'], seed);
  MBCONV_STAGES.forEach((stage, index) => {
    for (let repeat = 0; repeat < stage.repeats; repeat++) {
      const prefix = `block${index + 1}${String.fromCharCode(97 + repeat)}_`;
      const stride = repeat === 0 ? stage.stride : 1;
      x = mbConv(x, { kernelSize: stage.kernelSize, expansion: stage.expansion, filters: stage.channels, stride, prefix }, seed);
    }
  });
  x = convBnSwish(x, TOP_CHANNELS, 1, 1, 'top_', ['conv', 'bn', 'activation'], seed);
  return calibratedModel(input, pooledLogits(x, numClasses, seed), MODEL, seed);
}
