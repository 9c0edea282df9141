/**
 * Models in the page, as the same `ExplainableModel`s the Node loader gives: the bundled demo model (fetched
 * from the app's own server), a zoo network built in the page with its seeded weights, or a user's ONNX or
 * TF.js model opened from disk (nothing is uploaded anywhere).
 */
import * as tf from '@tensorflow/tfjs';
import type { Sidecar } from '../engines/sidecar.js';
import type { ExplainableModel } from '../engines/types.js';
import { loadOnnxModel } from '../engines/onnx/load-onnx.js';
import { wrapLayersModel } from '../engines/tfjs/load.js';
import { UsageError } from '../errors.js';
import { resolvePreprocess, type PreprocessOption } from '../image/preprocess.js';
import { buildZooModel, zooEntry } from '../zoo/index.js';
import { configureOnnxRuntime } from './onnx-runtime.js';
import { parseLabels, parseSidecar } from './sidecar-json.js';

/** The sidecar's name, as next to a model on disk. */
const SIDECAR_FILE = 'litecam.json';

/** The demo model served from `baseUrl` (a folder URL holding model.json, weights.bin and litecam.json). */
export async function loadDemoModel(baseUrl: string): Promise<ExplainableModel> {
  const sidecarUrl = new URL(SIDECAR_FILE, baseUrl).href;
  const sidecar = await parseSidecar(await fetchText(sidecarUrl), sidecarUrl, (name) => fetchText(new URL(name, sidecarUrl).href));
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(new URL('model.json', baseUrl).href);
  } catch (e) {
    throw new UsageError(`cannot load the demo model from ${baseUrl}: ${firstLine(e)}`);
  }
  return wrapLayersModel(model, 'demo', { preprocess: resolvePreprocess(sidecar.preprocess), labels: sidecar.labels, layer: sidecar.layer });
}

/** A zoo network (src/zoo/) built in the page at `inputSize`, with the same seeded weights as in Node. */
export function loadZooModel(name: string, inputSize?: number): ExplainableModel {
  const entry = zooEntry(name);
  const model = buildZooModel(name, { inputSize });
  return wrapLayersModel(model, `zoo:${name}`, { preprocess: entry.preprocess });
}

export interface UserModelOptions {
  /** URL of the folder holding ONNX Runtime Web's .wasm files (assets.ts); needed for ONNX models. */
  ortWasm: string;
  /** Preprocessing, over the sidecar's if one was opened; default ImageNet's. */
  preprocess?: PreprocessOption;
  /** ONNX models: the forward on ONNX Runtime Web (default) or translated to TF.js, on the page's backend. */
  runtime?: 'ort' | 'tfjs';
}

/**
 * A model the user opened: one `.onnx` file, or a TF.js `model.json` with its weight files; optionally a
 * `litecam.json` sidecar and a labels `.txt` (one class name a line) among the files.
 */
export async function loadUserModel(files: readonly File[], options: UserModelOptions): Promise<ExplainableModel> {
  const byKind = sortFiles(files);
  const sidecar = byKind.sidecar ? await parseSidecar(await byKind.sidecar.text(), byKind.sidecar.name, (name) => readNamed(files, name)) : {};
  const labels = byKind.labels ? parseLabels(await byKind.labels.text()) : sidecar.labels;
  const preprocess = resolvePreprocess(options.preprocess ?? sidecar.preprocess, sidecar.preprocess);
  if (byKind.onnx) {
    const bytes = new Uint8Array(await byKind.onnx.arrayBuffer());
    // Shapes are inferred with one ONNX Runtime run, so the runtime is needed even for the 'tfjs' forward.
    await configureOnnxRuntime(options.ortWasm);
    return loadOnnxModel(bytes, { preprocess, labels, layer: sidecar.layer, runtime: options.runtime });
  }
  if (!byKind.modelJson) {
    throw new UsageError(`no model among ${files.map((f) => f.name).join(', ') || 'the files'}: open an .onnx file, or a model.json with its weight files`);
  }
  return loadLayersFromFiles(byKind.modelJson, byKind.weights, { ...sidecar, labels, preprocess });
}

interface SortedFiles {
  onnx?: File;
  modelJson?: File;
  weights: File[];
  sidecar?: File;
  labels?: File;
}

function sortFiles(files: readonly File[]): SortedFiles {
  const sorted: SortedFiles = { weights: [] };
  const onnx = files.filter((f) => /\.onnx$/i.test(f.name));
  if (onnx.length > 1) throw new UsageError(`open one .onnx model at a time, got ${onnx.map((f) => f.name).join(', ')}`);
  sorted.onnx = onnx[0];
  for (const f of files) {
    if (f.name === SIDECAR_FILE) sorted.sidecar = f;
    else if (/\.json$/i.test(f.name)) sorted.modelJson = f;
    else if (/\.txt$/i.test(f.name)) sorted.labels = f;
    else if (!/\.onnx$/i.test(f.name)) sorted.weights.push(f);
  }
  return sorted;
}

async function loadLayersFromFiles(modelJson: File, weights: File[], sidecar: Sidecar & { preprocess: ReturnType<typeof resolvePreprocess> }): Promise<ExplainableModel> {
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(tf.io.browserFiles([modelJson, ...weights]));
  } catch (e) {
    throw new UsageError(`cannot load TF.js model ${modelJson.name}: ${firstLine(e)}`);
  }
  return wrapLayersModel(model, modelJson.name, { preprocess: sidecar.preprocess, labels: sidecar.labels, layer: sidecar.layer });
}

async function readNamed(files: readonly File[], name: string): Promise<string> {
  const file = files.find((f) => f.name === name);
  if (!file) throw new UsageError(`the sidecar names '${name}', which was not among the opened files`);
  return file.text();
}

async function fetchText(url: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new UsageError(`cannot fetch ${url}: ${firstLine(e)}`);
  }
  if (!response.ok) throw new UsageError(`cannot fetch ${url}: HTTP ${response.status}`);
  return response.text();
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0];
}
