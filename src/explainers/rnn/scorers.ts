import * as tf from '@tensorflow/tfjs';
import { UsageError } from '../../errors.js';
import type { SequenceFunction } from './sequence-function.js';

/**
 * Forward only: `count` sequences laid end to end ([count, T, F] row-major) to their outputs, [count, K]
 * row-major. What perturbation methods need, and all they need, so any runtime can serve them.
 */
export type SequenceScorer = (batch: Float32Array, count: number) => Promise<Float32Array>;

interface RawArray {
  data: ArrayLike<number | bigint>;
  dims: readonly number[];
}

/** A model run by input name on plain arrays, such as an ONNX model's `predictRaw`. */
export interface RawSequencePredictor {
  readonly inputNames: readonly string[];
  predictRaw(inputs: Record<string, { data: Float32Array; dims: readonly number[] }>): Promise<Record<string, RawArray>>;
}

/**
 * Scores through a raw predictor, for models whose recurrent op has no TF.js translation (an ONNX LSTM):
 * the batch goes to the model's first input as [count, steps, features] and the first output comes back.
 */
export function rawSequenceScorer(model: RawSequencePredictor, steps: number, features: number): SequenceScorer {
  const [inputName] = model.inputNames;
  return async (batch, count) => {
    const outputs = await model.predictRaw({ [inputName]: { data: batch, dims: [count, steps, features] } });
    const [first] = Object.values(outputs);
    if (first === undefined || first.dims.length !== 2 || first.dims[0] !== count) {
      throw new UsageError(`sequence model: expected an output of shape [${count}, classes]; got [${first?.dims.join(', ') ?? ''}]`);
    }
    return Float32Array.from(first.data, Number);
  };
}

/** Scores through a TF.js function, so perturbation methods also run on models that can differentiate. */
export function functionSequenceScorer(f: SequenceFunction, steps: number, features: number): SequenceScorer {
  return async (batch, count) => {
    const out = tf.tidy(() => f(tf.tensor3d(batch, [count, steps, features])));
    try {
      return (await out.data()) as Float32Array;
    } finally {
      out.dispose();
    }
  };
}
