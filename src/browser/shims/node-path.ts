/** Stand-in for `node:path` in the browser build (see node-only.ts). */
import { nodeOnly } from './node-only.js';

export const join = nodeOnly('node:path', 'join');
export const dirname = nodeOnly('node:path', 'dirname');
export const resolve = nodeOnly('node:path', 'resolve');
export const extname = nodeOnly('node:path', 'extname');
