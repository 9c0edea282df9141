import type * as ortTypes from 'onnxruntime-web';
import { UsageError } from '../../errors.js';
import { nativeAddonsAllowed } from '../../native-addons.js';
import { firstLine } from './proto.js';

/**
 * The only file that talks to ONNX Runtime. Everything else sees `OnnxSession` and plain typed arrays.
 * Two runtimes share one API: onnxruntime-node (a native addon, fastest) and onnxruntime-web (WebAssembly,
 * which also runs in Node, so the CLI works where the addon is missing or does not build, e.g. a small
 * ARM board). Both are imported lazily, on the first session, so loading litecam loads neither.
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

/** 'node': onnxruntime-node, the native addon. 'web': onnxruntime-web's WebAssembly build. */
export type OrtRuntimeName = 'node' | 'web';
export const ORT_RUNTIMES: readonly OrtRuntimeName[] = ['node', 'web'];
/** Names a runtime for the whole process; the CLI's users set it, `setOrtRuntime` overrides it. */
export const ORT_RUNTIME_ENV = 'LITECAM_ORT';

type OrtModule = typeof ortTypes;

/** Where each runtime runs a model: the addon's CPU provider, or the WebAssembly one. */
const EXECUTION_PROVIDER: Record<OrtRuntimeName, string> = { node: 'cpu', web: 'wasm' };

/**
 * onnxruntime-web in Node runs single-threaded (its default there is half the cores, in worker threads).
 * TF.js wasm, which computes the head gradient right after the forward, is single-threaded in Node too, and
 * one thread each keeps a small board's few cores from being oversubscribed, as INTRA_OP_SPINNING below
 * does for the addon.
 */
const WEB_THREADS_IN_NODE = 1;

/**
 * ONNX Runtime's worker threads busy-wait after each run by default. Grad-CAM runs TF.js right after ONNX
 * Runtime on the same cores, and the spinning threads starve it: measured on 2 cores, MobileNetV2-int8's
 * head gradient took 11.7 ms with spinning and 1.8 ms without, and the forward itself was no slower.
 */
const INTRA_OP_SPINNING = '0';

let forced: OrtRuntimeName | undefined;
let loading: Promise<{ name: OrtRuntimeName; ort: OrtModule }> | undefined;
let loadedName: OrtRuntimeName | null = null;

/**
 * Chooses the runtime for sessions created from now on (undefined: back to automatic). Sessions already
 * open keep theirs. An explicit choice that cannot load is a UsageError, never a silent fallback.
 */
export function setOrtRuntime(name: OrtRuntimeName | undefined): void {
  if (name !== undefined) checkRuntimeName(name, 'ONNX Runtime');
  forced = name;
  loading = undefined;
  loadedName = null;
}

/** The runtime the latest session was created with, or null before the first. */
export function ortRuntimeName(): OrtRuntimeName | null {
  return loadedName;
}

function checkRuntimeName(name: string, what: string): asserts name is OrtRuntimeName {
  if (!(ORT_RUNTIMES as readonly string[]).includes(name)) {
    throw new UsageError(`${what}: expected ${ORT_RUNTIMES.join(' or ')}, got '${name}'`);
  }
}

/**
 * setOrtRuntime, else LITECAM_ORT, else onnxruntime-web when native addons are off (LITECAM_NATIVE=0 or a
 * browser), else onnxruntime-node when it loads and onnxruntime-web when it does not.
 */
function loadRuntime(): Promise<{ name: OrtRuntimeName; ort: OrtModule }> {
  loading ??= (async () => {
    const fromEnv = typeof process === 'undefined' ? undefined : process.env[ORT_RUNTIME_ENV] || undefined;
    if (fromEnv !== undefined) checkRuntimeName(fromEnv, ORT_RUNTIME_ENV);
    const wanted = forced ?? fromEnv ?? (nativeAddonsAllowed() ? undefined : 'web');
    if (wanted === 'web') return { name: 'web', ort: await importWeb() };
    try {
      return { name: 'node', ort: await importNode() };
    } catch (error) {
      if (wanted === 'node') {
        throw new UsageError(`ONNX Runtime 'node' (onnxruntime-node) cannot load: ${firstLine(error)}; use ${ORT_RUNTIME_ENV}=web`);
      }
      return { name: 'web', ort: await importWeb() };
    }
  })();
  // A failed choice is not cached: the next call may follow a corrected setOrtRuntime or environment.
  loading.catch(() => (loading = undefined));
  return loading;
}

async function importNode(): Promise<OrtModule> {
  // A computed specifier, so bundlers for the browser leave the Node addon out.
  const addon = 'onnxruntime-node';
  return (await import(addon)) as OrtModule;
}

async function importWeb(): Promise<OrtModule> {
  const ort = await import('onnxruntime-web');
  // In Node it finds its .wasm next to its own bundle in node_modules, so nothing is fetched.
  if (typeof process !== 'undefined' && process.versions?.node) ort.env.wasm.numThreads = WEB_THREADS_IN_NODE;
  return ort;
}

export interface SessionOptions {
  /** Full graph optimisation (the default); off for the shape-inference session, which exposes every tensor. */
  optimize?: boolean;
}

/** An ONNX Runtime session from model bytes; a model ONNX Runtime rejects is a one-line UsageError. */
export async function createSession(bytes: Uint8Array, source: string, options: SessionOptions = {}): Promise<OnnxSession> {
  const { name, ort } = await loadRuntime();
  let session: ortTypes.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, {
      executionProviders: [EXECUTION_PROVIDER[name]],
      graphOptimizationLevel: options.optimize === false ? 'disabled' : 'all',
      extra: { session: { intra_op: { allow_spinning: INTRA_OP_SPINNING } } },
    });
  } catch (e) {
    throw new UsageError(`cannot load ONNX model ${source}: ${firstLine(e)}`);
  }
  loadedName = name;
  let released = false;
  return {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    outputDims: (outputName) => {
      const meta = session.outputMetadata.find((m) => m.name === outputName);
      return meta?.isTensor ? meta.shape : undefined;
    },
    async run(feeds, fetch) {
      const inputs: Record<string, ortTypes.Tensor> = {};
      for (const [inputName, t] of Object.entries(feeds)) {
        inputs[inputName] = new ort.Tensor(t.type as ortTypes.Tensor.Type, t.data, [...t.dims]);
      }
      let results: ortTypes.InferenceSession.ReturnType;
      try {
        results = fetch ? await session.run(inputs, [...fetch]) : await session.run(inputs);
      } catch (e) {
        throw new UsageError(`ONNX Runtime could not run ${source}: ${firstLine(e)}`);
      }
      const out: Record<string, RawTensor> = {};
      for (const [outputName, t] of Object.entries(results)) {
        out[outputName] = { type: t.type, data: t.data as RawData, dims: t.dims };
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
