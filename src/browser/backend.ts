/**
 * TF.js backends in the browser: WebGPU when the browser hands out an adapter, else WebGL 2, else
 * WebAssembly, with the user free to name one. The pipeline itself (src/explain.ts) is the same on all
 * three; only where the tensors live changes.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmDepthwiseInputGradient } from '../engines/tfjs/kernels/depthwise-backprop-input.js';
import { UsageError } from '../errors.js';

export type BrowserBackend = 'webgpu' | 'webgl' | 'wasm';

/** Fastest first: the order `auto` tries them in. */
export const BROWSER_BACKENDS: readonly BrowserBackend[] = ['webgpu', 'webgl', 'wasm'];

export type BackendChoice = BrowserBackend | 'auto';

/**
 * WebAssembly threads asked of TF.js when the page is cross-origin isolated: one per core, at most four,
 * since ONNX Runtime's threads and the page's main thread share the same cores. The thread pool may use
 * fewer; `BackendStatus.wasmThreads` says how many it has.
 */
export const MAX_WASM_THREADS = 4;

export interface BackendStatus {
  backend: BrowserBackend;
  /** Why each faster backend was passed over, when `auto` chose. */
  skipped: Array<{ backend: BrowserBackend; reason: string }>;
  /** WebAssembly threads in use (1 unless the page is cross-origin isolated). */
  wasmThreads?: number;
}

/** Whether a backend can run here, and if not, why (one line). */
export async function backendAvailability(backend: BrowserBackend): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (backend === 'webgpu') {
    const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    if (!gpu) return { ok: false, reason: 'this browser has no WebGPU (navigator.gpu is missing)' };
    const adapter = await gpu.requestAdapter().catch(() => null);
    return adapter ? { ok: true } : { ok: false, reason: 'the browser offers no WebGPU adapter' };
  }
  if (backend === 'webgl') {
    const gl = document.createElement('canvas').getContext('webgl2');
    return gl ? { ok: true } : { ok: false, reason: 'WebGL 2 is unavailable' };
  }
  return typeof WebAssembly === 'object' ? { ok: true } : { ok: false, reason: 'WebAssembly is unavailable' };
}

/**
 * Select and initialise a backend. `auto` takes the first available in BROWSER_BACKENDS order; a named
 * backend that cannot run is a UsageError saying why, never a silent fallback. `wasmBase` is the URL of the
 * folder holding tfjs-backend-wasm's .wasm files (see assets.ts).
 */
export async function initBrowserBackend(choice: BackendChoice, wasmBase: string): Promise<BackendStatus> {
  if (choice !== 'auto' && !BROWSER_BACKENDS.includes(choice)) {
    throw new UsageError(`unknown backend '${String(choice)}'; choose auto, ${BROWSER_BACKENDS.join(', ')}`);
  }
  setWasmPaths(wasmBase);
  if (globalThis.crossOriginIsolated) setThreadsCount(Math.max(1, Math.min(MAX_WASM_THREADS, navigator.hardwareConcurrency || 1)));
  tf.enableProdMode();
  const skipped: BackendStatus['skipped'] = [];
  for (const backend of choice === 'auto' ? BROWSER_BACKENDS : [choice]) {
    const available = await backendAvailability(backend);
    const reason = available.ok ? await activate(backend) : available.reason;
    if (reason === undefined) {
      return { backend, skipped, ...(backend === 'wasm' ? { wasmThreads: getThreadsCount() } : {}) };
    }
    if (choice !== 'auto') throw new UsageError(`backend '${backend}' cannot run here: ${reason}`);
    skipped.push({ backend, reason });
  }
  throw new UsageError(`no TF.js backend could start: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')}`);
}

/** Switch to `backend`; undefined on success, else the reason it failed. */
async function activate(backend: BrowserBackend): Promise<string | undefined> {
  if (tf.getBackend() === backend) return undefined;
  const ok = await tf.setBackend(backend).catch(() => false);
  if (!ok) return `TF.js could not initialise it`;
  // Heads through depthwise convolutions need an input-gradient kernel the wasm backend lacks.
  if (backend === 'wasm') registerWasmDepthwiseInputGradient();
  await tf.ready();
  return undefined;
}
