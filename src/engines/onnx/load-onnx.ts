import { UsageError } from '../../errors.js';
import type { PreprocessSpec } from '../types.js';
import { type Forward, OrtForward, TfjsForward } from './forward.js';
import { type OnnxGraph, parseOnnx } from './graph.js';
import { imageInputOf } from './input-spec.js';
import { findCandidates } from './layers.js';
import { OnnxModel } from './onnx-model.js';
import { createSession, type OnnxSession } from './ort-session.js';
import { inferShapes, type TensorInfo } from './shapes.js';
import { BYTES_SOURCE, readModelBytes } from './source.js';
import { wholeModelProgram } from './translate.js';

export interface OnnxModelOptions {
  /**
   * Where the forward pass runs: 'ort' (ONNX Runtime, the default and the fastest) or 'tfjs' (the whole
   * model translated to TF.js ops; every op must have a translation).
   */
  runtime?: 'ort' | 'tfjs';
  /** Pixel preprocessing; ImageNet's (torchvision's convention) when omitted. */
  preprocess?: PreprocessSpec;
  /** Class names in class-index order. */
  labels?: string[];
  /** Default target layer (a tensor name from `layers()`). */
  layer?: string;
}

/**
 * Load an ONNX model from a path, an http(s) URL or its bytes. The model is parsed, checked by ONNX
 * Runtime, and, when its input is an image, its tensors' shapes inferred and its Grad-CAM target layers
 * listed. Anything wrong with the file or the options is a one-line UsageError.
 */
export async function loadOnnxModel(source: string | Uint8Array, options: OnnxModelOptions = {}): Promise<OnnxModel> {
  const runtime = options.runtime ?? 'ort';
  if (runtime !== 'ort' && runtime !== 'tfjs') throw new UsageError(`runtime: expected 'ort' or 'tfjs', got '${String(runtime)}'`);
  const name = typeof source === 'string' ? source : BYTES_SOURCE;
  const bytes = await readModelBytes(source);
  const graph = parseOnnx(bytes, name);
  const open = (b: Uint8Array, o = { optimize: true }): Promise<OnnxSession> => createSession(b, name, o);
  const session = await open(bytes);
  let model: OnnxModel | undefined;
  try {
    const image = imageInputOf(graph, options.preprocess);
    const logits = graph.outputs[0].name;
    const shapes = typeof image === 'string' || image.spec.channels !== 3
      ? new Map<string, TensorInfo>()
      : await inferShapes(graph, image, image.batchIsFree, open);
    const candidates = shapes.size > 0 ? findCandidates(graph, shapes, logits) : [];
    const numClasses = classCount(graph, session, shapes);
    checkLabels(options.labels, numClasses, name);
    const layout = typeof image === 'string' ? 'NCHW' : image.spec.layout;
    const forward: Forward = runtime === 'tfjs'
      ? new TfjsForward(wholeModelProgram(graph), layout)
      : new OrtForward(graph, layout, session, (b) => open(b));
    model = new OnnxModel({ source: name, graph, image, numClasses, labels: options.labels, candidates, defaultLayer: options.layer, forward, session });
    // An unknown default layer fails now, with the candidates listed, rather than at the first explanation.
    if (options.layer !== undefined && typeof image !== 'string') model.defaultLayer();
    return model;
  } catch (e) {
    if (model) {
      model.dispose();
    } else {
      void session.release();
      graph.release();
    }
    throw e;
  }
}

/** The last dim of the first output: declared, resolved by ONNX Runtime, or measured; 0 when unknown. */
function classCount(graph: OnnxGraph, session: OnnxSession, shapes: ReadonlyMap<string, TensorInfo>): number {
  const output = graph.outputs[0].name;
  const known = [graph.outputs[0].dims?.at(-1), session.outputDims(output)?.at(-1), shapes.get(output)?.dims.at(-1)];
  const found = known.find((d): d is number => typeof d === 'number' && d > 0);
  return found ?? 0;
}

function checkLabels(labels: string[] | undefined, numClasses: number, source: string): void {
  if (labels && numClasses > 0 && labels.length !== numClasses) {
    throw new UsageError(`labels: got ${labels.length} names for model ${source}, which has ${numClasses} classes`);
  }
}
