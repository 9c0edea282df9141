/**
 * One entry point for every kind of model: `zoo:NAME`, a `.onnx` file or URL, a TF.js `model.json`
 * (file, folder or URL). The engine is chosen from the source; a `litecam.json` sidecar fills in what the
 * options leave out.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './errors.js';
import { readLabels, readSidecar } from './engines/sidecar.js';
import type { ExplainableModel } from './engines/types.js';
import { loadOnnxModel } from './engines/onnx/index.js';
import { fileSystemHandler } from './engines/tfjs/file-io.js';
import { loadTfjsModel, wrapLayersModel } from './engines/tfjs/load.js';
import { resolvePreprocess, type PreprocessOption } from './image/preprocess.js';
import { LayersSequenceModel, sequenceInputShape } from './universal/sequence-model.js';
import { buildZooModel, parseZooSpec, zooEntry } from './zoo/index.js';

export interface LoadOptions {
  /** A preset name ('imagenet', 'inception', 'raw', 'unit') or an explicit spec, merged over the sidecar's. */
  preprocess?: PreprocessOption;
  /** Class names, or the path of a text file with one a line. */
  labels?: string[] | string;
  /** Default target layer for this model. */
  layer?: string;
  /** ONNX models only: run the forward on ONNX Runtime (default) or the whole model translated to TF.js. */
  runtime?: 'ort' | 'tfjs';
  /** Zoo models only: input size and class count. */
  inputSize?: number;
  numClasses?: number;
}

export async function loadModel(source: string, options: LoadOptions = {}): Promise<ExplainableModel> {
  const zooName = parseZooSpec(source);
  if (zooName) {
    const model = buildZooModel(zooName, { inputSize: options.inputSize, numClasses: options.numClasses });
    return wrapLayersModel(model, source, {
      preprocess: resolvePreprocess(options.preprocess, zooEntry(zooName).preprocess),
      labels: labelsOf(options.labels),
      layer: options.layer,
    });
  }
  const resolved = resolveSource(source);
  const sidecar = readSidecar(resolved) ?? {};
  const preprocess = resolvePreprocess(options.preprocess ?? sidecar.preprocess, sidecar.preprocess);
  const labels = labelsOf(options.labels) ?? sidecar.labels;
  const layer = options.layer ?? sidecar.layer;
  if (/\.onnx(\?.*)?$/i.test(resolved)) return loadOnnxModel(resolved, { preprocess, labels, layer, runtime: options.runtime });
  return loadTfjsModel(resolved, { preprocess, labels, layer });
}

/**
 * Like `loadModel`, but a TF.js model over sequences ([batch, steps, features] in, such as the RNN zoo's or
 * models/rnn's) loads too, as a LayersSequenceModel, instead of being turned away as "not an image". What the
 * model takes is read from the model itself: its first input's rank. ONNX models load either way (their
 * non-image inputs are served by `predictRaw`).
 */
export async function loadImageOrSequenceModel(source: string, options: LoadOptions = {}): Promise<ExplainableModel | LayersSequenceModel> {
  if (parseZooSpec(source) || /\.onnx(\?.*)?$/i.test(source)) return loadModel(source, options);
  const resolved = resolveSource(source);
  if (/\.onnx(\?.*)?$/i.test(resolved)) return loadModel(resolved, options);
  const remote = /^https?:\/\//.test(resolved);
  let layers: tf.LayersModel;
  try {
    layers = remote ? await tf.loadLayersModel(resolved) : await tf.loadLayersModel(fileSystemHandler(resolved));
  } catch (e) {
    throw new UsageError(`cannot load TF.js model ${source}: ${String((e as Error)?.message ?? e).split('\n')[0]}`);
  }
  const sidecar = readSidecar(resolved) ?? {};
  const labels = labelsOf(options.labels) ?? sidecar.labels;
  try {
    if (sequenceInputShape(layers)) return new LayersSequenceModel(layers, source, labels);
    const preprocess = resolvePreprocess(options.preprocess ?? sidecar.preprocess, sidecar.preprocess);
    return wrapLayersModel(layers, source, { preprocess, labels, layer: options.layer ?? sidecar.layer });
  } catch (e) {
    layers.dispose();
    throw e;
  }
}

function labelsOf(labels: LoadOptions['labels']): string[] | undefined {
  return typeof labels === 'string' ? readLabels(labels) : labels;
}

/** A folder holding exactly one model becomes that model's path. */
function resolveSource(source: string): string {
  if (/^https?:\/\//.test(source)) return source;
  if (!existsSync(source)) throw new UsageError(`model not found: ${source}`);
  if (!statSync(source).isDirectory()) return source;
  const files = readdirSync(source);
  if (files.includes('model.json')) return join(source, 'model.json');
  const onnx = files.filter((f) => f.endsWith('.onnx'));
  if (onnx.length === 1) return join(source, onnx[0]);
  throw new UsageError(`folder ${source} holds no model.json and ${onnx.length} .onnx files; name the model file`);
}
