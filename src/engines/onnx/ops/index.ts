import { ACTIVATION_OPS } from './activation.js';
import { CONV_OPS } from './conv.js';
import { ELEMENTWISE_OPS } from './elementwise.js';
import { MATMUL_OPS } from './matmul.js';
import { NORMALIZATION_OPS } from './normalization.js';
import type { OpDef } from './op.js';
import { POOL_OPS } from './pool.js';
import { QUANTIZED_OPS } from './quantized.js';
import { REDUCE_OPS } from './reduce.js';
import { RESIZE_OPS } from './resize.js';
import { SHAPE_OPS } from './shape.js';
import { SLICING_OPS } from './slicing.js';

/** Every ONNX op with a TF.js translation, by op type (the domain is not consulted: names do not clash). */
export const OP_TABLE: Readonly<Record<string, OpDef>> = {
  ...ACTIVATION_OPS,
  ...CONV_OPS,
  ...ELEMENTWISE_OPS,
  ...MATMUL_OPS,
  ...NORMALIZATION_OPS,
  ...POOL_OPS,
  ...QUANTIZED_OPS,
  ...REDUCE_OPS,
  ...RESIZE_OPS,
  ...SHAPE_OPS,
  ...SLICING_OPS,
};

export function isSupportedOp(opType: string): boolean {
  return Object.hasOwn(OP_TABLE, opType);
}

export type { OpDef } from './op.js';
