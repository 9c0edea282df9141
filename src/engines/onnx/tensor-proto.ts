import { UsageError } from '../../errors.js';
import { HostTensor, type HostDType, sizeOf } from './host-tensor.js';
import { int64, type Int64, type TensorProto } from './proto.js';

/** TensorProto.DataType codes (onnx.proto). */
export const DataType = {
  FLOAT: 1, UINT8: 2, INT8: 3, UINT16: 4, INT16: 5, INT32: 6, INT64: 7, STRING: 8, BOOL: 9,
  FLOAT16: 10, DOUBLE: 11, UINT32: 12, UINT64: 13,
} as const;

const FLOAT_TYPES = new Set<number>([DataType.FLOAT, DataType.FLOAT16, DataType.DOUBLE]);

export function hostDTypeOf(dataType: number): HostDType {
  if (FLOAT_TYPES.has(dataType)) return 'float';
  return dataType === DataType.BOOL ? 'bool' : 'int';
}

export function isFloatType(dataType: number): boolean {
  return FLOAT_TYPES.has(dataType);
}

/** Decode an initializer or Constant value into a persistent host tensor. */
export function tensorFromProto(t: TensorProto): HostTensor {
  const dims = (t.dims ?? []).map((d: Int64) => int64(d));
  const dataType = t.dataType ?? 0;
  if (t.dataLocation === 1) {
    throw new UsageError(`tensor '${t.name}' keeps its data in an external file; re-export the model with the weights inside (external data is not supported)`);
  }
  const count = sizeOf(dims);
  const values = t.rawData && t.rawData.length > 0 ? fromRaw(t.rawData, dataType, count, t.name ?? '') : fromTyped(t, dataType);
  if (values.length !== count) {
    throw new UsageError(`tensor '${t.name}' declares shape [${dims.join(', ')}] but holds ${values.length} values`);
  }
  const dtype = hostDTypeOf(dataType);
  const data = dtype === 'float' ? Float32Array.from(values) : Float64Array.from(values);
  return new HostTensor(dtype, dims, data, true, dataType);
}

function fromRaw(raw: Uint8Array, dataType: number, count: number, name: string): ArrayLike<number> {
  // Copy: protobufjs hands out views into the model buffer at arbitrary (unaligned) offsets.
  const buffer = new Uint8Array(raw).buffer;
  const view = new DataView(buffer);
  switch (dataType) {
    case DataType.FLOAT: return new Float32Array(buffer, 0, count);
    case DataType.DOUBLE: return new Float64Array(buffer, 0, count);
    case DataType.UINT8: case DataType.BOOL: return new Uint8Array(buffer, 0, count);
    case DataType.INT8: return new Int8Array(buffer, 0, count);
    case DataType.UINT16: return new Uint16Array(buffer, 0, count);
    case DataType.INT16: return new Int16Array(buffer, 0, count);
    case DataType.INT32: return new Int32Array(buffer, 0, count);
    case DataType.UINT32: return new Uint32Array(buffer, 0, count);
    case DataType.INT64: return Array.from({ length: count }, (_, i) => Number(view.getBigInt64(i * 8, true)));
    case DataType.UINT64: return Array.from({ length: count }, (_, i) => Number(view.getBigUint64(i * 8, true)));
    case DataType.FLOAT16: return Array.from({ length: count }, (_, i) => halfToFloat(view.getUint16(i * 2, true)));
    default: throw new UsageError(`tensor '${name}' has data type ${dataType}, which is not supported`);
  }
}

function fromTyped(t: TensorProto, dataType: number): ArrayLike<number> {
  switch (dataType) {
    case DataType.FLOAT: return t.floatData ?? [];
    case DataType.DOUBLE: return t.doubleData ?? [];
    case DataType.INT64: return (t.int64Data ?? []).map((v: Int64) => int64(v));
    case DataType.UINT32: case DataType.UINT64: return (t.uint64Data ?? []).map((v: Int64) => int64(v));
    // float16 bits travel in int32_data.
    case DataType.FLOAT16: return (t.int32Data ?? []).map(halfToFloat);
    case DataType.STRING: throw new UsageError(`tensor '${t.name}' holds strings, which are not supported`);
    default: return t.int32Data ?? [];
  }
}

/** IEEE 754 half precision bits -> number. */
function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}
