import { UsageError } from '../../../errors.js';
import type { PreprocessSpec } from '../../types.js';
import { type OnnxGraph, parseOnnx } from '../graph.js';
import { imageInputOf, requireImage } from '../input-spec.js';
import { createSession, type OnnxSession } from '../ort-session.js';
import { inferShapes } from '../shapes.js';
import { BYTES_SOURCE, readModelBytes } from '../source.js';
import { OnnxVisionTransformer } from './onnx-vit.js';
import { recogniseVisionTransformer } from './recognise.js';

export interface OnnxVitOptions {
  /** Pixel preprocessing; ImageNet's (torchvision's ViT convention) when omitted. */
  preprocess?: PreprocessSpec;
  /** Class names in class-index order. */
  labels?: string[];
}

/**
 * Load a ViT-style ONNX model (path, http(s) URL or bytes) for the transformer explainers: shapes are
 * measured by one ONNX Runtime run, the blocks recognised from them (`recognise.ts`), and the attention
 * layout checked. A file that is not a ViT, or anything else wrong, is a one-line UsageError.
 */
export async function loadOnnxVisionTransformer(source: string | Uint8Array, options: OnnxVitOptions = {}): Promise<OnnxVisionTransformer> {
  const name = typeof source === 'string' ? source : BYTES_SOURCE;
  const graph = parseOnnx(await readModelBytes(source), name);
  try {
    return await visionTransformerFromGraph(graph, name, options, true);
  } catch (e) {
    graph.release();
    throw e;
  }
}

/**
 * The same from a graph already parsed (an `OnnxModel`'s, when the universal explainer meets a ViT loaded
 * by the image engine). `ownsGraph`: whether the returned model's dispose() releases the graph too.
 */
export async function visionTransformerFromGraph(graph: OnnxGraph, name: string, options: OnnxVitOptions, ownsGraph: boolean): Promise<OnnxVisionTransformer> {
  const open = (bytes: Uint8Array, o = { optimize: true }): Promise<OnnxSession> => createSession(bytes, name, o);
  const image = requireImage(imageInputOf(graph, options.preprocess), name);
  const shapes = await inferShapes(graph, image, image.batchIsFree, open);
  const layout = recogniseVisionTransformer(graph, shapes);
  if (typeof layout === 'string') throw new UsageError(`model ${name} is not a Vision Transformer: ${layout}`);
  const numClasses = shapes.get(layout.logits)?.dims.at(-1) ?? 0;
  if (options.labels && options.labels.length !== numClasses) {
    throw new UsageError(`labels: got ${options.labels.length} names for model ${name}, which has ${numClasses} classes`);
  }
  const model = new OnnxVisionTransformer({ source: name, graph, ownsGraph, image, layout, numClasses, labels: options.labels, open: (b) => open(b) });
  try {
    await model.checkAttentionLayout();
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}
