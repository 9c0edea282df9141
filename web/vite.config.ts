/**
 * The web app's build. The library code it bundles is the Node library's own (src/explain.ts and below);
 * what cannot run in a page is swapped here: ONNX Runtime's Node binding for ONNX Runtime Web, and the
 * Node-only modules (file system, paths, libvips) for stand-ins that throw if ever called
 * (src/browser/shims/). `litecam serve` builds with this config through Vite's API (src/cli/web-build.ts).
 */
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig, type UserConfig } from 'vite';
import { litecamAssets } from './build/litecam-assets.js';

const WEB = fileURLToPath(new URL('.', import.meta.url));
const shim = (name: string) => fileURLToPath(new URL(`../src/browser/shims/${name}.ts`, import.meta.url));

/** Modules that must never reach the bundle, and what replaces each. */
export const BROWSER_ALIASES = [
  // The engine imports onnxruntime-node only through a computed specifier, which no bundler follows; this
  // catches any static import that would otherwise pull the native addon in.
  { find: /^onnxruntime-node$/, replacement: 'onnxruntime-web/wasm' },
  // Sessions run on ONNX Runtime's WebAssembly provider (src/engines/onnx/ort-session.ts), so the build
  // without the WebGPU provider, half the size, is enough.
  { find: /^onnxruntime-web$/, replacement: 'onnxruntime-web/wasm' },
  { find: /^(node:)?fs\/promises$/, replacement: shim('node-fs-promises') },
  { find: /^(node:)?fs$/, replacement: shim('node-fs') },
  { find: /^(node:)?path$/, replacement: shim('node-path') },
  { find: /^sharp$/, replacement: shim('sharp') },
];

/** The build config; `outDir` is absolute or relative to web/. */
export function webConfig(outDir = 'dist'): UserConfig {
  return {
    root: WEB,
    base: './',
    logLevel: 'warn',
    resolve: {
      alias: BROWSER_ALIASES,
      // ONNX Runtime Web's "extern wasm" entry loads its WebAssembly from env.wasm.wasmPaths (the copies the
      // build makes) instead of inlining a second copy into the bundle.
      conditions: [...defaultClientConditions, 'onnxruntime-web-use-extern-wasm'],
    },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      // tfjs-backend-wasm starts its worker threads from the source text of its Emscripten factory
      // (Function.toString). Minifying rewrites that function so its text no longer stands alone, and every
      // worker then dies with a ReferenceError; the bundle is served from 127.0.0.1, so its size hardly matters.
      minify: false,
      // tfjs and ONNX Runtime make a few large chunks; they load once and are cached.
      chunkSizeWarningLimit: 8000,
      reportCompressedSize: false,
      rolldownOptions: {
        input: { app: `${WEB}index.html`, bench: `${WEB}bench.html` },
        output: { chunkFileNames: 'assets/litecam-[hash].js' },
      },
    },
    plugins: [litecamAssets()],
  };
}

export default defineConfig(webConfig());
