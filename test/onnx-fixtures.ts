/**
 * Tiny ONNX models built in memory for the ONNX engine's tests, and what checks them against ONNX Runtime.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSession } from '../src/engines/onnx/ort-session.js';
import { type AttributeProto, onnx, type TensorProto, type ValueInfoProto } from '../src/engines/onnx/proto.js';
import { translateOnnxToTfjs } from '../src/engines/onnx/translate.js';

export const SHARED = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared');
export const HAVE_SHARED = existsSync(SHARED);
export const MODELS = resolve(SHARED, 'models');
export const IMAGES = resolve(SHARED, 'images');

type Attr = { i: number } | { f: number } | { ints: number[] } | { floats: number[] } | { s: string } | { t: Init };

export interface Init {
  dims: number[];
  data: number[];
  type?: 'float' | 'int64' | 'int32' | 'uint8' | 'int8';
}

export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  attrs?: Record<string, Attr>;
  domain?: string;
}

export interface ModelSpec {
  inputs: Array<{ name: string; dims: Array<number | string> }>;
  outputs: string[];
  nodes: NodeSpec[];
  initializers?: Record<string, Init>;
  opset?: number;
}

const TYPE_CODES = { float: 1, uint8: 2, int8: 3, int32: 6, int64: 7 } as const;

function tensorProto(name: string, init: Init): TensorProto {
  const type = init.type ?? 'float';
  const base = { name, dims: init.dims, dataType: TYPE_CODES[type] };
  if (type === 'float') return { ...base, floatData: init.data };
  if (type === 'int64') return { ...base, int64Data: init.data };
  return { ...base, int32Data: init.data };
}

function attribute(name: string, a: Attr): AttributeProto {
  if ('i' in a) return { name, type: 2, i: a.i };
  if ('f' in a) return { name, type: 1, f: a.f };
  if ('ints' in a) return { name, type: 7, ints: a.ints };
  if ('floats' in a) return { name, type: 6, floats: a.floats };
  if ('s' in a) return { name, type: 3, s: new TextEncoder().encode(a.s) };
  return { name, type: 4, t: tensorProto(name, a.t) };
}

export function buildModel(spec: ModelSpec): Uint8Array {
  const valueInfo = (name: string, dims?: Array<number | string>): ValueInfoProto => ({
    name,
    type: { tensorType: { elemType: 1, shape: dims ? { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } : undefined } },
  });
  const model = onnx.ModelProto.create({
    irVersion: 7,
    opsetImport: [{ domain: '', version: spec.opset ?? 13 }, { domain: 'com.microsoft', version: 1 }],
    graph: {
      name: 'test',
      node: spec.nodes.map((n, i) => ({
        name: `${n.op}_${i}`,
        opType: n.op,
        domain: n.domain ?? '',
        input: n.inputs,
        output: n.outputs,
        attribute: Object.entries(n.attrs ?? {}).map(([k, v]) => attribute(k, v)),
      })),
      input: spec.inputs.map((i) => valueInfo(i.name, i.dims)),
      output: spec.outputs.map((o) => valueInfo(o)),
      initializer: Object.entries(spec.initializers ?? {}).map(([k, v]) => tensorProto(k, v)),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

/** Deterministic pseudo-random values in [-scale, scale). */
export function noise(count: number, seed = 1, scale = 1): number[] {
  let s = seed >>> 0;
  return Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32 - 0.5) * 2 * scale;
  });
}

/** The model's first output from ONNX Runtime and from its TF.js translation, for float inputs. */
export async function runBoth(bytes: Uint8Array, inputs: Record<string, { dims: number[]; data: number[] }>): Promise<{ ort: Float32Array; tfjs: Float32Array; dims: number[] }> {
  const session = await createSession(bytes, 'test');
  const feeds = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, { type: 'float32', data: Float32Array.from(v.data), dims: v.dims }]));
  const ortOut = await session.run(feeds);
  await session.release();
  const first = ortOut[session.outputNames[0]];
  const translated = translateOnnxToTfjs(bytes);
  const outs = translated.run(...translated.inputNames.map((n) => tf.tensor(inputs[n].data, inputs[n].dims)));
  const tfjs = (await outs[0].data()) as Float32Array;
  outs.forEach((t) => t.dispose());
  translated.dispose();
  return { ort: first.data as Float32Array, tfjs, dims: [...first.dims] };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) { ma += a[i] / n; mb += b[i] / n; }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}
