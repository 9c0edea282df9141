import { UsageError } from '../errors.js';

/**
 * Turns TF.js's "Kernel 'X' not registered for backend 'Y'" (the wasm backend lacks some gradient kernels)
 * into a usage error that says what is missing, where, and what to do; any other error is rethrown as is.
 */
export function rethrowMissingKernel(e: unknown, neededFor: string, advice: string): never {
  const missing = /Kernel '(\w+)' not registered for backend '(\w+)'/.exec(String((e as Error)?.message));
  if (!missing) throw e;
  throw new UsageError(`the ${missing[2]} backend lacks the '${missing[1]}' kernel needed for ${neededFor}; ${advice}`);
}
