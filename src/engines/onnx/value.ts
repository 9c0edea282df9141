import * as tf from '@tensorflow/tfjs';
import { HostTensor } from './host-tensor.js';

/**
 * The shape of a tensor the program does not compute (it lies before the cut), known from shape inference.
 * Only Shape and Size may read it: it lets a head fold `Shape(input)` chains without the input itself.
 */
export class ShapeOnly {
  constructor(readonly dims: readonly number[]) {}
}

/** What flows along an edge of the interpreted graph. */
export type Value = tf.Tensor | HostTensor | ShapeOnly;

export function isHost(v: Value | undefined): v is HostTensor {
  return v instanceof HostTensor;
}

/** The dims of any value. */
export function dimsOf(v: Value): readonly number[] {
  return v instanceof tf.Tensor ? v.shape : v.dims;
}

/** A device tensor for the value (a persistent constant comes from its kept copy). */
export function asTensor(v: Value): tf.Tensor {
  if (v instanceof tf.Tensor) return v;
  if (v instanceof HostTensor) return v.toTensor();
  throw new Error('internal: a shape-only value was used as data');
}

/** A float device tensor (ONNX float ops may meet an integer constant that TF.js would reject). */
export function asFloat(v: Value): tf.Tensor {
  const t = asTensor(v);
  return t.dtype === 'float32' ? t : tf.cast(t, 'float32');
}
