/** Stand-in for the libvips binding in the browser build (see node-only.ts): the page decodes with the browser's own codecs. */
import { nodeOnly } from './node-only.js';

export default nodeOnly('sharp', 'default');
