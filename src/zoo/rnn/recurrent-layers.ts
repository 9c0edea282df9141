import * as tf from '@tensorflow/tfjs';
import { layerSeed } from '../initializers.js';

/** TF.js exports the initializer factories but not their class. */
type Initializer = ReturnType<typeof tf.initializers.glorotUniform>;

/**
 * Keras's defaults for recurrent layers, seeded per layer: Glorot uniform for the input kernel and an
 * orthogonal recurrent kernel (Saxe et al. 2014), which keeps the hidden state's scale over many steps.
 */
function recurrentInitializers(seed: number, name: string): { kernelInitializer: Initializer; recurrentInitializer: Initializer } {
  return {
    kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed(seed, `${name}/kernel`) }),
    recurrentInitializer: tf.initializers.orthogonal({ seed: layerSeed(seed, `${name}/recurrent`) }),
  };
}

export interface RecurrentLayerSpec {
  units: number;
  seed: number;
  name: string;
  /** Emit the hidden state at every step (to feed another recurrent layer) rather than the last one only. */
  returnSequences?: boolean;
}

export function lstmLayer({ units, seed, name, returnSequences = false }: RecurrentLayerSpec): tf.layers.Layer {
  return tf.layers.lstm({ units, returnSequences, name, ...recurrentInitializers(seed, name) });
}

export function gruLayer({ units, seed, name, returnSequences = false }: RecurrentLayerSpec): tf.layers.Layer {
  return tf.layers.gru({ units, returnSequences, name, ...recurrentInitializers(seed, name) });
}

/** An LSTM read forwards and backwards, the two final states concatenated (2 * units wide). */
export function bidirectionalLstmLayer(spec: RecurrentLayerSpec): tf.layers.Layer {
  const inner = tf.layers.lstm({
    units: spec.units,
    returnSequences: spec.returnSequences ?? false,
    name: `${spec.name}_inner`,
    ...recurrentInitializers(spec.seed, spec.name),
  });
  return tf.layers.bidirectional({ layer: inner, mergeMode: 'concat', name: spec.name });
}

/** The linear output layer (logits or regression values), Glorot uniform as Keras's Dense default. */
export function outputLayer(units: number, seed: number, name = 'logits'): tf.layers.Layer {
  return tf.layers.dense({ units, name, kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed(seed, name) }) });
}
