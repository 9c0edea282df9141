import * as tf from '@tensorflow/tfjs';
import { SHAPE_CLASSES } from '../../src/datasets/shape-geometry.js';

/** The input the demo model expects: NHWC, RGB scaled to [0, 1], the size the shapes generator draws by default. */
export const DEMO_INPUT_SIZE = 64;
/** The Grad-CAM target: the last spatial layer (8x8, after ReLU), right before global average pooling. */
export const DEMO_TARGET_LAYER = 'last_conv';

/**
 * Conv blocks as [filters, stride, pool after]. A stride-2 first block halves the cost of everything after it
 * (training runs on the wasm backend in plain JS kernels); 64 -> 32 -> 16 -> 8.
 */
const BLOCKS: ReadonlyArray<readonly [number, number, boolean]> = [
  [8, 2, false],
  [16, 1, true],
  [32, 1, true],
  [32, 1, false],
];

/**
 * Per-image standardisation, then Conv -> BatchNorm -> ReLU blocks, global average pooling, and a dense layer of logits (no softmax: explainers
 * want logits). BatchNorm in every block keeps ReLUs from dying under a high learning rate and makes the
 * features insensitive to each scene's colours. The last block's ReLU is named 'last_conv'. `seed` fixes
 * every initial weight.
 */
export function buildDemoModel(seed: number): tf.LayersModel {
  const input = tf.input({ shape: [DEMO_INPUT_SIZE, DEMO_INPUT_SIZE, 3], name: 'image' });
  // Each image standardised per channel (an instance norm): scenes come in any colour pair, and without this
  // the first layers spend most of training learning to ignore colour. Fixed, not learned: gamma 1, beta 0.
  let x = tf.layers.layerNormalization({ axis: [1, 2], trainable: false, name: 'instance_norm' }).apply(input) as tf.SymbolicTensor;
  BLOCKS.forEach(([filters, strides, pool], i) => {
    const name = `conv${i + 1}`;
    const last = i === BLOCKS.length - 1;
    x = tf.layers
      .conv2d({
        filters,
        kernelSize: 3,
        strides,
        padding: 'same',
        useBias: false,
        kernelInitializer: tf.initializers.heNormal({ seed: seed + i }),
        name,
      })
      .apply(x) as tf.SymbolicTensor;
    x = tf.layers.batchNormalization({ name: `${name}_bn` }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.reLU({ name: last ? DEMO_TARGET_LAYER : `${name}_relu` }).apply(x) as tf.SymbolicTensor;
    if (pool) x = tf.layers.maxPooling2d({ poolSize: 2, name: `pool${i + 1}` }).apply(x) as tf.SymbolicTensor;
  });
  x = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(x) as tf.SymbolicTensor;
  const logits = tf.layers
    .dense({
      units: SHAPE_CLASSES.length,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + BLOCKS.length }),
      name: 'logits',
    })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: 'shapes_demo' });
}
