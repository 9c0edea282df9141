import * as tf from '@tensorflow/tfjs';

/** TF.js exports the initializer factories but not their class. */
type Initializer = ReturnType<typeof tf.initializers.varianceScaling>;

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * A layer's own seed, from the model's base seed and the layer's name (32-bit FNV-1a). Keying on the name
 * rather than on build order keeps a layer's weights unchanged when other layers are added or removed.
 */
export function layerSeed(baseSeed: number, layerName: string): number {
  let hash = FNV_OFFSET_BASIS;
  for (const ch of `${baseSeed}/${layerName}`) {
    hash = Math.imul(hash ^ (ch.codePointAt(0) ?? 0), FNV_PRIME) >>> 0;
  }
  return hash;
}

/**
 * He uniform over fan-in (He et al. 2015): keeps the activations' scale through ReLU-like layers, which
 * matters most in VGG16, the one zoo network without batch norm to rescale them. Uniform rather than
 * the truncated normal, which TF.js samples by rejection: VGG16's 138M weights take seconds less.
 */
export function heUniformInitializer(baseSeed: number, layerName: string): Initializer {
  return tf.initializers.varianceScaling({ scale: 2, mode: 'fanIn', distribution: 'uniform', seed: layerSeed(baseSeed, layerName) });
}

/**
 * He uniform for a depthwise kernel [kh, kw, C, 1]. TF.js counts its fan-in as kh*kw*C although each output
 * sees only kh*kw inputs; its fan-out is kh*kw, the true fan-in, so that mode is used.
 */
export function depthwiseHeUniformInitializer(baseSeed: number, layerName: string): Initializer {
  return tf.initializers.varianceScaling({ scale: 2, mode: 'fanOut', distribution: 'uniform', seed: layerSeed(baseSeed, layerName) });
}

/** Glorot uniform, Keras's default for Dense, for the linear logits layer. */
export function logitsInitializer(baseSeed: number, layerName: string): Initializer {
  return tf.initializers.glorotUniform({ seed: layerSeed(baseSeed, layerName) });
}
