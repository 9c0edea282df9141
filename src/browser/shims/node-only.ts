/**
 * The browser build replaces Node-only modules (node:fs, node:path, sharp) with these stand-ins (aliases in
 * web/vite.config.ts). The engines reach them only on paths the page never takes (reading model files from a
 * disk path, decoding with libvips), so calling one is a bug in the caller; it says which module it was.
 */
import { UsageError } from '../../errors.js';

/** A function that throws: `module` is not available in the page. */
export function nodeOnly(module: string, name: string): (...args: unknown[]) => never {
  return () => {
    throw new UsageError(`${module}.${name} is not available in the browser; open files through the page instead`);
  };
}
