import * as tf from '@tensorflow/tfjs';

/**
 * How a value computed on the host is typed. ONNX's many integer types collapse into 'int' (held as
 * doubles, exact up to 2^53, enough for shapes, indices and int8/uint8 weights); 'float' covers
 * float16/32/64 (held as float32, what TF.js computes in).
 */
export type HostDType = 'float' | 'int' | 'bool';

/**
 * A small or constant tensor kept in plain JS memory: initializers, Constant outputs, and the shape
 * arithmetic (Shape -> Gather -> Concat -> Reshape) that exporters emit. Keeping these off the device
 * folds that arithmetic for free and keeps it out of the gradient tape.
 */
export class HostTensor {
  private cached?: tf.Tensor;

  constructor(
    readonly dtype: HostDType,
    readonly dims: readonly number[],
    readonly data: Float32Array | Float64Array,
    /** A compile-time constant: its device copy is made once and kept until `release()`. */
    readonly persistent = false,
    /** The ONNX element type it was stored as (TensorProto.DataType), 0 when computed here. */
    readonly elemType = 0,
  ) {
    if (data.length !== sizeOf(dims)) {
      throw new Error(`internal: host tensor of shape [${dims.join(', ')}] holds ${data.length} values`);
    }
  }

  get size(): number {
    return this.data.length;
  }

  get rank(): number {
    return this.dims.length;
  }

  /** The values as JS numbers (shapes, axes, indices). */
  numbers(): number[] {
    return Array.from(this.data);
  }

  /** The device tensor. A persistent constant is uploaded once; anything else is created afresh. */
  toTensor(): tf.Tensor {
    if (this.cached) return this.cached;
    const tensor = createTensor(this);
    if (!this.persistent) return tensor;
    this.cached = tf.keep(tensor);
    return tensor;
  }

  /** A new device tensor that is never cached: the source of a one-time transform (a transposed filter). */
  fresh(): tf.Tensor {
    return createTensor(this);
  }

  /** Free the kept device copy, if any. */
  release(): void {
    this.cached?.dispose();
    this.cached = undefined;
  }

  asPersistent(): HostTensor {
    return this.persistent ? this : new HostTensor(this.dtype, this.dims, this.data, true, this.elemType);
  }
}

export function sizeOf(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

export function hostFloat(dims: readonly number[], values: ArrayLike<number>): HostTensor {
  return new HostTensor('float', dims, Float32Array.from(values));
}

export function hostInt(dims: readonly number[], values: ArrayLike<number>): HostTensor {
  return new HostTensor('int', dims, Float64Array.from(values));
}

export function hostBool(dims: readonly number[], values: ArrayLike<number>): HostTensor {
  return new HostTensor('bool', dims, Float64Array.from(values, (v) => (v ? 1 : 0)));
}

/** A host tensor of the given type: float data is rounded to float32, integer data truncated. */
export function hostOf(dtype: HostDType, dims: readonly number[], values: ArrayLike<number>): HostTensor {
  if (dtype === 'float') return hostFloat(dims, values);
  if (dtype === 'bool') return hostBool(dims, values);
  return hostInt(dims, Array.from(values, Math.trunc));
}

function createTensor(h: HostTensor): tf.Tensor {
  const shape = [...h.dims];
  if (h.dtype === 'float') return tf.tensor(h.data as Float32Array, shape, 'float32');
  if (h.dtype === 'bool') return tf.tensor(Uint8Array.from(h.data), shape, 'bool');
  return tf.tensor(Int32Array.from(h.data), shape, 'int32');
}
