import type { OnnxGraph } from './graph.js';
import type { OnnxSession, RawTensor } from './ort-session.js';
import type { SymbolicDim } from './program.js';
import { withTaps } from './surgery.js';

/** What shape inference learned about one tensor. */
export interface TensorInfo {
  /** ONNX Runtime's element type name: 'float32', 'uint8', 'int64' ... */
  type: string;
  /** Dims for a batch of one. */
  dims: readonly number[];
  /** Dims in terms of the batch size; present for tensors whose Shape the graph reads. */
  symbolic?: readonly SymbolicDim[];
}

export type SessionFactory = (bytes: Uint8Array, options: { optimize: boolean }) => Promise<OnnxSession>;

/** Ops that read only their input's shape. */
export const SHAPE_READERS = new Set(['Shape', 'Size']);

/**
 * Shapes and types of every tensor, by running ONNX Runtime once on a zero batch of one with every
 * intermediate tensor exposed: exact for any op ONNX Runtime runs, and value_info may be absent. When
 * the batch axis is free, the tensors whose Shape the graph reads are measured again at batch 2, which
 * tells fixed dims from batch-sized ones.
 */
export async function inferShapes(
  graph: OnnxGraph,
  input: { name: string; dims: readonly number[] },
  batchIsFree: boolean,
  open: SessionFactory,
): Promise<Map<string, TensorInfo>> {
  const names = [...new Set(graph.nodes.flatMap((n) => n.outputs.filter((o) => o !== '')))];
  const session = await open(withTaps(graph, names.map((tensor) => ({ tensor }))), { optimize: false });
  const [, ...perExample] = input.dims;
  const info = new Map<string, TensorInfo>([
    [input.name, { type: 'float32', dims: input.dims, symbolic: [batchIsFree ? { perExample: 1 } : 1, ...perExample] }],
  ]);
  try {
    const one = await session.run({ [input.name]: zeros(input.dims, 1) });
    for (const [name, t] of Object.entries(one)) info.set(name, { type: t.type, dims: t.dims });
    const shapeRead = [...new Set(graph.nodes.filter((n) => SHAPE_READERS.has(n.opType)).map((n) => n.inputs[0]))]
      .filter((n) => n !== input.name && info.has(n));
    if (shapeRead.length === 0) return info;
    const two = batchIsFree ? await session.run({ [input.name]: zeros(input.dims, 2) }, shapeRead) : undefined;
    for (const name of shapeRead) {
      const at1 = info.get(name)!;
      const at2 = two?.[name]?.dims ?? at1.dims;
      const symbolic = symbolicDims(at1.dims, at2);
      if (symbolic) info.set(name, { ...at1, symbolic });
    }
  } finally {
    await session.release();
  }
  return info;
}

/** A dim equal at batch 1 and 2 is fixed, one that doubles is batch-sized; anything else is not understood. */
function symbolicDims(at1: readonly number[], at2: readonly number[]): SymbolicDim[] | undefined {
  if (at1.length !== at2.length) return undefined;
  const dims: SymbolicDim[] = [];
  for (let i = 0; i < at1.length; i++) {
    if (at2[i] === at1[i]) dims.push(at1[i]);
    else if (at2[i] === 2 * at1[i]) dims.push({ perExample: at1[i] });
    else return undefined;
  }
  return dims;
}

function zeros(dims: readonly number[], batch: number): RawTensor {
  const shape = [batch, ...dims.slice(1)];
  return { type: 'float32', data: new Float32Array(shape.reduce((a, b) => a * b, 1)), dims: shape };
}
