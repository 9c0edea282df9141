/**
 * Where the browser build finds the WebAssembly files of TF.js and ONNX Runtime. The web build copies them
 * from node_modules into these folders next to the page, so the app runs offline and never asks a CDN.
 */

/** Folder (relative to the page) holding tfjs-backend-wasm's three binaries: plain, SIMD, SIMD + threads. */
export const TFJS_WASM_DIR = 'wasm/tfjs/';

/** Folder holding ONNX Runtime Web's loader (.mjs) and binary (.wasm), fetched by the runtime when first needed. */
export const ORT_WASM_DIR = 'wasm/ort/';

/** The files each runtime asks for, so the build can copy exactly those. */
export const TFJS_WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'] as const;
export const ORT_WASM_FILES = ['ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'] as const;

/** Folder of the bundled demo model (model.json, weights.bin, litecam.json). */
export const DEMO_MODEL_DIR = 'models/demo/';

/** Folder of the bundled sample scenes and their index (samples.json). */
export const SAMPLES_DIR = 'samples/';

export interface AssetUrls {
  tfjsWasm: string;
  ortWasm: string;
  demoModel: string;
  samples: string;
}

/** Absolute URLs of the asset folders for a page at `base` (a document's base URI in the app). */
export function assetUrls(base: string): AssetUrls {
  const at = (dir: string) => new URL(dir, base).href;
  return { tfjsWasm: at(TFJS_WASM_DIR), ortWasm: at(ORT_WASM_DIR), demoModel: at(DEMO_MODEL_DIR), samples: at(SAMPLES_DIR) };
}
