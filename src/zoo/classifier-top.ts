import * as tf from '@tensorflow/tfjs';
import { calibrateBatchNorm } from './calibrate-batch-norm.js';
import { logitsInitializer } from './initializers.js';
import { applyLayer } from './symbolic.js';

/** The layer every zoo network ends with: a Dense layer named 'predictions' giving logits (no softmax). */
export function logitsLayer(x: tf.SymbolicTensor, numClasses: number, seed: number): tf.SymbolicTensor {
  return applyLayer(tf.layers.dense({ units: numClasses, kernelInitializer: logitsInitializer(seed, 'predictions'), name: 'predictions' }), x);
}

/** Global average pooling (named as the reference implementation names it), then the logits. */
export function pooledLogits(x: tf.SymbolicTensor, numClasses: number, seed: number, poolName = 'avg_pool'): tf.SymbolicTensor {
  return logitsLayer(applyLayer(tf.layers.globalAveragePooling2d({ name: poolName }), x), numClasses, seed);
}

/** The functional model, its batch-norm statistics set from noise images (see calibrate-batch-norm.ts). */
export function calibratedModel(input: tf.SymbolicTensor, logits: tf.SymbolicTensor, name: string, seed: number): tf.LayersModel {
  const model = tf.model({ inputs: input, outputs: logits, name });
  calibrateBatchNorm(model, seed);
  return model;
}
