import * as tf from '@tensorflow/tfjs';
import type { PreprocessSpec } from '../engines/types.js';
import { UsageError } from '../errors.js';
import { heUniformInitializer } from './initializers.js';
import { logitsLayer, pooledLogits } from './classifier-top.js';
import { BASE_OPTION_NAMES, rejectUnknownOptions, resolveZooOptions, type ZooOptions } from './options.js';
import { applyLayer } from './symbolic.js';
import { IMAGENET_PREPROCESS } from '../image/preprocess.js';

/**
 * 'classic': Flatten → fc1 4096 → fc2 4096 → predictions, as published (123M of the 138M parameters).
 * 'gap': global average pooling → predictions, as Keras builds it with include_top=False, pooling='avg'.
 */
export type Vgg16Head = 'classic' | 'gap';

export interface Vgg16Options extends ZooOptions {
  head?: Vgg16Head;
}

const MODEL = 'vgg16';
const HEADS: readonly Vgg16Head[] = ['classic', 'gap'];
export const VGG16_DEFAULT_HEAD: Vgg16Head = 'classic';

/** Simonyan & Zisserman 2015, Table 1, configuration D: 3x3 convs per block, each block ends in a 2x2 max pool. */
const BLOCKS = [
  { convs: 2, channels: 64 },
  { convs: 2, channels: 128 },
  { convs: 3, channels: 256 },
  { convs: 3, channels: 512 },
  { convs: 3, channels: 512 },
] as const;

/** Table 1: the two hidden fully connected layers. */
const FC_UNITS = 4096;

/**
 * The last conv (14x14 at 224), which the Grad-CAM paper explains for VGG16. The pool after it only halves
 * the resolution, so a detector should skip trailing pooling layers to land here.
 */
export const VGG16_DEFAULT_LAYER = 'block5_conv3';

/** torchvision's ImageNet transform (Keras's 'caffe' mode, BGR mean subtraction, is not expressible as RGB mean/std). */
export const VGG16_PREPROCESS: PreprocessSpec = { ...IMAGENET_PREPROCESS, resize: 'crop' };

function resolveHead(value: string | undefined): Vgg16Head {
  const head = value ?? VGG16_DEFAULT_HEAD;
  if (!(HEADS as readonly string[]).includes(head)) {
    throw new UsageError(`${MODEL}: head must be ${HEADS.join(' or ')}; got '${head}'`);
  }
  return head as Vgg16Head;
}

function hiddenDense(x: tf.SymbolicTensor, name: string, seed: number): tf.SymbolicTensor {
  return applyLayer(tf.layers.dense({ units: FC_UNITS, activation: 'relu', kernelInitializer: heUniformInitializer(seed, name), name }), x);
}

function classicHead(x: tf.SymbolicTensor, numClasses: number, seed: number): tf.SymbolicTensor {
  const flat = applyLayer(tf.layers.flatten({ name: 'flatten' }), x);
  return logitsLayer(hiddenDense(hiddenDense(flat, 'fc1', seed), 'fc2', seed), numClasses, seed);
}

/**
 * VGG16 (Simonyan & Zisserman 2015) with Keras applications' layer names; logits out. The classic head
 * ties the model to its input size (fc1 has (size/32)^2 * 512 inputs).
 */
export function buildVgg16(options: Vgg16Options = {}): tf.LayersModel {
  rejectUnknownOptions(options, [...BASE_OPTION_NAMES, 'head'], MODEL);
  const { inputSize, numClasses, seed } = resolveZooOptions(options, MODEL);
  const head = resolveHead(options.head);

  const input = tf.input({ shape: [inputSize, inputSize, 3], name: 'input' });
  let x = input;
  BLOCKS.forEach(({ convs, channels }, index) => {
    const block = `block${index + 1}`;
    for (let i = 1; i <= convs; i++) {
      const name = `${block}_conv${i}`;
      const conv = tf.layers.conv2d({
        filters: channels,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: heUniformInitializer(seed, name),
        name,
      });
      x = applyLayer(conv, x);
    }
    x = applyLayer(tf.layers.maxPooling2d({ poolSize: 2, strides: 2, name: `${block}_pool` }), x);
  });
  const logits = head === 'classic' ? classicHead(x, numClasses, seed) : pooledLogits(x, numClasses, seed);
  return tf.model({ inputs: input, outputs: logits, name: MODEL });
}
