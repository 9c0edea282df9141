/**
 * Vite plugin: everything the page fetches at run time goes into the build, so the app is served by itself
 * and works offline. It copies the WebAssembly files of TF.js and ONNX Runtime Web, the demo model and its
 * sidecar, and writes sample scenes generated from src/datasets/ (seeded, so every build holds the same).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import type { Plugin } from 'vite';
import { DEMO_MODEL_DIR, ORT_WASM_DIR, ORT_WASM_FILES, SAMPLES_DIR, TFJS_WASM_DIR, TFJS_WASM_FILES } from '../../src/browser/assets.js';
import { SCENE_PRESETS, type ScenePreset } from '../../src/datasets/presets.js';
import { generateScene } from '../../src/datasets/shapes.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEMO_MODEL = join(ROOT, 'models', 'demo', 'model');

/** One sample per condition the demo model handles, each forced to a different class so the set shows several. */
export const SAMPLE_SCENES: ReadonlyArray<{ seed: number; preset: ScenePreset; label: number }> = [
  { seed: 101, preset: 'clean', label: 0 },
  { seed: 202, preset: 'textured', label: 4 },
  { seed: 303, preset: 'varied', label: 2 },
  { seed: 404, preset: 'lowContrast', label: 5 },
];

/** The demo model's input side: samples are drawn at the size the model was trained on. */
const SAMPLE_SIDE = 64;

/** Written into the build: every module the bundle holds, so tests can check what reached the browser. */
export const MODULE_LIST = 'bundle-modules.json';

export interface SampleEntry {
  file: string;
  title: string;
  className: string;
}

export function litecamAssets(): Plugin {
  return {
    name: 'litecam-assets',
    apply: 'build',
    generateBundle(_options, bundle) {
      const require = createRequire(import.meta.url);
      const tfjsWasm = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
      const ortDist = dirname(require.resolve('onnxruntime-web'));
      const copy = (from: string, to: string) => this.emitFile({ type: 'asset', fileName: to, source: readFileSync(from) });
      for (const f of TFJS_WASM_FILES) copy(join(tfjsWasm, f), TFJS_WASM_DIR + f);
      for (const f of ORT_WASM_FILES) copy(join(ortDist, f), ORT_WASM_DIR + f);
      for (const f of readdirSync(DEMO_MODEL)) copy(join(DEMO_MODEL, f), DEMO_MODEL_DIR + f);
      const index: SampleEntry[] = [];
      for (const s of SAMPLE_SCENES) {
        const scene = generateScene(s.seed, { ...SCENE_PRESETS[s.preset], width: SAMPLE_SIDE, height: SAMPLE_SIDE, label: s.label });
        const file = `${s.preset}-${scene.className}.png`;
        this.emitFile({ type: 'asset', fileName: SAMPLES_DIR + file, source: encodePng(scene.rgb, scene.width, scene.height) });
        index.push({ file, title: `${scene.className} (${s.preset})`, className: scene.className });
      }
      this.emitFile({ type: 'asset', fileName: `${SAMPLES_DIR}samples.json`, source: JSON.stringify(index, null, 2) });
      const modules = new Set(Object.values(bundle).flatMap((output) => (output.type === 'chunk' ? output.moduleIds : [])));
      const relativeIds = [...modules].map((id) => (id.startsWith(ROOT) ? id.slice(ROOT.length) : id)).sort();
      this.emitFile({ type: 'asset', fileName: MODULE_LIST, source: JSON.stringify(relativeIds, null, 1) });
    },
  };
}

function encodePng(rgb: Uint8Array, width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  for (let p = 0; p < width * height; p++) {
    png.data[p * 4] = rgb[p * 3];
    png.data[p * 4 + 1] = rgb[p * 3 + 1];
    png.data[p * 4 + 2] = rgb[p * 3 + 2];
    png.data[p * 4 + 3] = 255;
  }
  return PNG.sync.write(png);
}
