import * as tf from '@tensorflow/tfjs';
import type { PreprocessSpec } from '../engines/types.js';
import { heUniformInitializer } from './initializers.js';
import { BASE_OPTION_NAMES, rejectUnknownOptions, resolveZooOptions, type ZooOptions } from './options.js';
import { applyLayer, channelsOf } from './symbolic.js';
import { IMAGENET_PREPROCESS } from '../image/preprocess.js';
import { calibratedModel, pooledLogits } from './classifier-top.js';

export type ResNet18Options = ZooOptions;

const MODEL = 'resnet18';

/** He et al. 2016, Table 1, 18-layer column: basic blocks per stage and their channels (stages conv2..conv5). */
const STAGES = [
  { stage: 2, channels: 64, blocks: 2, stride: 1 },
  { stage: 3, channels: 128, blocks: 2, stride: 2 },
  { stage: 4, channels: 256, blocks: 2, stride: 2 },
  { stage: 5, channels: 512, blocks: 2, stride: 2 },
] as const;

const STEM_CHANNELS = 64;

/** torchvision's nn.BatchNorm2d epsilon (Keras's own ResNets use 1.001e-5). */
const BATCH_NORM = { epsilon: 1e-5 };

/** The last spatial layer: the output of the last basic block, right before global pooling. */
export const RESNET18_DEFAULT_LAYER = 'conv5_block2_out';

/** torchvision's ImageNet transform: scale to [0, 1], ImageNet mean/std, resize to 256 then centre-crop 224. */
export const RESNET18_PREPROCESS: PreprocessSpec = { ...IMAGENET_PREPROCESS, resize: 'crop' };

/**
 * Conv without bias, then batch norm, named <prefix>_conv and <prefix>_bn. torchvision pads symmetrically;
 * TF 'same' at stride 2 pads only bottom/right, so strided convs get an explicit <prefix>_pad and 'valid'.
 */
function convBn(x: tf.SymbolicTensor, filters: number, kernelSize: number, stride: number, prefix: string, seed: number): tf.SymbolicTensor {
  const symmetric = stride > 1 && kernelSize > 1;
  const padded = symmetric ? applyLayer(tf.layers.zeroPadding2d({ padding: (kernelSize - 1) / 2, name: `${prefix}_pad` }), x) : x;
  const conv = tf.layers.conv2d({
    filters,
    kernelSize,
    strides: stride,
    padding: symmetric ? 'valid' : 'same',
    useBias: false,
    kernelInitializer: heUniformInitializer(seed, `${prefix}_conv`),
    name: `${prefix}_conv`,
  });
  return applyLayer(tf.layers.batchNormalization({ ...BATCH_NORM, name: `${prefix}_bn` }), applyLayer(conv, padded));
}

function relu(x: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
  return applyLayer(tf.layers.reLU({ name }), x);
}

/**
 * Basic block: two 3x3 convs and an identity shortcut, or a 1x1 strided projection (option B of the paper)
 * when the shape changes. Named after Keras's ResNet50: conv<stage>_block<i>_{0 shortcut,1,2}_{conv,bn}.
 */
function basicBlock(x: tf.SymbolicTensor, filters: number, stride: number, prefix: string, seed: number): tf.SymbolicTensor {
  const projects = stride !== 1 || channelsOf(x) !== filters;
  const shortcut = projects ? convBn(x, filters, 1, stride, `${prefix}_0`, seed) : x;
  const y = relu(convBn(x, filters, 3, stride, `${prefix}_1`, seed), `${prefix}_1_relu`);
  const residual = convBn(y, filters, 3, 1, `${prefix}_2`, seed);
  return relu(applyLayer(tf.layers.add({ name: `${prefix}_add` }), [shortcut, residual]), `${prefix}_out`);
}

/** ResNet18 (He et al. 2016) at torchvision's topology and parameters, with Keras-style layer names; logits out. */
export function buildResNet18(options: ResNet18Options = {}): tf.LayersModel {
  rejectUnknownOptions(options, BASE_OPTION_NAMES, MODEL);
  const { inputSize, numClasses, seed } = resolveZooOptions(options, MODEL);

  const input = tf.input({ shape: [inputSize, inputSize, 3], name: 'input' });
  let x = relu(convBn(input, STEM_CHANNELS, 7, 2, 'conv1', seed), 'conv1_relu');
  // Zero padding before the max pool equals torchvision's -inf padding here: the ReLU output is >= 0.
  x = applyLayer(tf.layers.zeroPadding2d({ padding: 1, name: 'pool1_pad' }), x);
  x = applyLayer(tf.layers.maxPooling2d({ poolSize: 3, strides: 2, name: 'pool1_pool' }), x);
  for (const { stage, channels, blocks, stride } of STAGES) {
    for (let block = 1; block <= blocks; block++) {
      x = basicBlock(x, channels, block === 1 ? stride : 1, `conv${stage}_block${block}`, seed);
    }
  }
  return calibratedModel(input, pooledLogits(x, numClasses, seed), MODEL, seed);
}
