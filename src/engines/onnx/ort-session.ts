import * as ort from 'onnxruntime-node';
import { UsageError } from '../../errors.js';
import { firstLine } from './proto.js';

/**
 * The only file that talks to ONNX Runtime. Everything else sees `OnnxSession` and plain typed arrays,
 * so onnxruntime-web can replace onnxruntime-node for the browser by swapping this file.
 */

export type RawData = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array | Int8Array;

/** A tensor as plain data: ONNX Runtime's element type name ('float32', 'int64', 'uint8' ...) and dims. */
export interface RawTensor {
  type: string;
  data: RawData;
  dims: readonly number[];
}

export interface OnnxSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Output dims as ONNX Runtime resolved them at load (a string for a symbolic dim); undefined if unknown. */
  outputDims(name: string): ReadonlyArray<number | string> | undefined;
  /** Run once; `fetch` limits the outputs computed (default: all). */
  run(feeds: Record<string, RawTensor>, fetch?: readonly string[]): Promise<Record<string, RawTensor>>;
  release(): Promise<void>;
}

/**
 * ONNX Runtime's worker threads busy-wait after each run by default. Grad-CAM runs TF.js right after ONNX
 * Runtime on the same cores, and the spinning threads starve it: measured on 2 cores, MobileNetV2-int8's
 * head gradient took 11.7 ms with spinning and 1.8 ms without, and the forward itself was no slower.
 */
const INTRA_OP_SPINNING = '0';

export interface SessionOptions {
  /** Full graph optimisation (the default); off for the shape-inference session, which exposes every tensor. */
  optimize?: boolean;
}

/** An ONNX Runtime session from model bytes; a model ONNX Runtime rejects is a one-line UsageError. */
export async function createSession(bytes: Uint8Array, source: string, options: SessionOptions = {}): Promise<OnnxSession> {
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, {
      graphOptimizationLevel: options.optimize === false ? 'disabled' : 'all',
      extra: { session: { intra_op: { allow_spinning: INTRA_OP_SPINNING } } },
    });
  } catch (e) {
    throw new UsageError(`cannot load ONNX model ${source}: ${firstLine(e)}`);
  }
  let released = false;
  return {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    outputDims: (name) => {
      const meta = session.outputMetadata.find((m) => m.name === name);
      return meta?.isTensor ? meta.shape : undefined;
    },
    async run(feeds, fetch) {
      const inputs: Record<string, ort.Tensor> = {};
      for (const [name, t] of Object.entries(feeds)) {
        inputs[name] = new ort.Tensor(t.type as ort.Tensor.Type, t.data, [...t.dims]);
      }
      let results: ort.InferenceSession.ReturnType;
      try {
        results = fetch ? await session.run(inputs, [...fetch]) : await session.run(inputs);
      } catch (e) {
        throw new UsageError(`ONNX Runtime could not run ${source}: ${firstLine(e)}`);
      }
      const out: Record<string, RawTensor> = {};
      for (const [name, t] of Object.entries(results)) {
        out[name] = { type: t.type, data: t.data as RawData, dims: t.dims };
      }
      return out;
    },
    // Idempotent, and never rejects: releasing is cleanup, often on an error path already.
    release: async () => {
      if (released) return;
      released = true;
      await session.release().catch(() => undefined);
    },
  };
}
