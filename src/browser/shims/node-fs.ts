/** Stand-in for `node:fs` in the browser build (see node-only.ts). */
import { nodeOnly } from './node-only.js';

export const existsSync = nodeOnly('node:fs', 'existsSync');
export const statSync = nodeOnly('node:fs', 'statSync');
export const readFileSync = nodeOnly('node:fs', 'readFileSync');
export const readdirSync = nodeOnly('node:fs', 'readdirSync');
