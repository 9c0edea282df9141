import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { UsageError } from '../../errors.js';
import { registerWasmDepthwiseInputGradient } from './kernels/depthwise-backprop-input.js';

export type BackendName = 'wasm' | 'cpu' | 'tensorflow';
export const DEFAULT_BACKEND: BackendName = 'wasm';

/**
 * Select and initialise a TF.js backend. 'tensorflow' (tfjs-node) is used only if the user has installed
 * it; we never fall back silently to a slower backend than the one asked for.
 */
export async function initBackend(name: BackendName = DEFAULT_BACKEND): Promise<BackendName> {
  if (tf.getBackend() === name) return name;
  if (name === 'tensorflow') {
    try {
      const nodeBinding = '@tensorflow/tfjs-node';
      await import(nodeBinding);
    } catch {
      throw new UsageError("backend 'tensorflow' needs @tensorflow/tfjs-node, which is not installed; use --backend wasm or cpu");
    }
  }
  if (!['wasm', 'cpu', 'tensorflow'].includes(name)) {
    throw new UsageError(`unknown backend '${name}'; choose wasm, cpu or tensorflow`);
  }
  // Production mode skips per-op debug checks and the console notice suggesting tfjs-node.
  tf.enableProdMode();
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`TF.js backend '${name}' failed to initialise`);
  if (name === 'wasm') registerWasmDepthwiseInputGradient();
  await tf.ready();
  return name;
}
