/** Stand-in for `node:fs/promises` in the browser build (see node-only.ts). */
import { nodeOnly } from './node-only.js';

export const readFile = nodeOnly('node:fs/promises', 'readFile');
export const writeFile = nodeOnly('node:fs/promises', 'writeFile');
export const mkdir = nodeOnly('node:fs/promises', 'mkdir');
export const stat = nodeOnly('node:fs/promises', 'stat');
