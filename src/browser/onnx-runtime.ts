/**
 * ONNX Runtime Web for the ONNX engine in the page. The engine talks to ONNX Runtime only through
 * src/engines/onnx/ort-session.ts, which imports onnxruntime-web in a browser; the page shares that one
 * module instance, so the settings made here on its `env` apply to every session the engine creates. It is
 * imported when the first ONNX model is opened, so pages that never open one never download it.
 */

export interface OnnxRuntimeSettings {
  /** WebAssembly threads ONNX Runtime uses. */
  threads: number;
}

/**
 * ONNX Runtime shares the page's cores with TF.js, which runs right after it on every explanation; more than
 * a few threads only contend. Threads need a cross-origin isolated page (COOP/COEP headers).
 */
export const MAX_ONNX_THREADS = 4;

/** The threads ONNX Runtime gets in this page. */
export function onnxThreads(): number {
  return globalThis.crossOriginIsolated ? Math.max(1, Math.min(MAX_ONNX_THREADS, navigator.hardwareConcurrency || 1)) : 1;
}

/** Point ONNX Runtime at its .wasm files served beside the page (`wasmBase`, see assets.ts) and size its threads. */
export async function configureOnnxRuntime(wasmBase: string): Promise<OnnxRuntimeSettings> {
  const { env } = await import('onnxruntime-web');
  env.wasm.wasmPaths = wasmBase;
  // The proxy worker would move ONNX Runtime off the main thread, but the TF.js head runs on the main thread
  // right after the forward, so the round trip through a worker only adds latency.
  env.wasm.proxy = false;
  const threads = onnxThreads();
  env.wasm.numThreads = threads;
  return { threads };
}
