/**
 * The convolutional family: TF.js LayersModels and ONNX graphs whose last spatial layer is pooled (or
 * flattened) into a vector for the classifier, explained by the image pipeline (src/explain.ts, Grad-CAM by
 * default; Selvaraju et al. 2017). A convolution alone is not enough: a ViT's patch embedding is a
 * convolution too, but its map is flattened into a token sequence and fed to attention, so the adapter
 * looks at how the graph continues after the candidate layer.
 */
import * as tf from '@tensorflow/tfjs';
import { attrInts } from '../../engines/onnx/attributes.js';
import type { OnnxNode } from '../../engines/onnx/graph.js';
import { OnnxModel } from '../../engines/onnx/onnx-model.js';
import { graphSteps, isSpatial } from '../../engines/tfjs/graph.js';
import { TfjsLayersModel } from '../../engines/tfjs/layers-model.js';
import { wrapLayersModel } from '../../engines/tfjs/load.js';
import type { ExplainableModel, LayerInfo } from '../../engines/types.js';
import { UsageError } from '../../errors.js';
import { explain } from '../../explain.js';
import { DEFAULT_METHOD, METHODS } from '../../explainers/registry.js';
import { RAW_PREPROCESS } from '../../image/preprocess.js';
import type { ExplainFamilyOptions, FamilyAdapter, FamilyResult, UniversalInput } from '../types.js';
import { countsByOp, downstreamOf, feedsOutput, nodesOf } from './onnx-structure.js';

const TFJS_CONV_LAYERS = new Set(['Conv2D', 'DepthwiseConv2D', 'SeparableConv2D', 'Conv2DTranspose']);
const ONNX_CONV_OPS = new Set(['Conv', 'QLinearConv', 'ConvInteger', 'ConvTranspose']);
/** Ops that collapse a spatial map into a vector per example; Reduce* counts when it reduces 2 axes or more. */
const ONNX_COLLAPSE_OPS = new Set(['GlobalAveragePool', 'GlobalMaxPool', 'QLinearGlobalAveragePool', 'Flatten']);
const ONNX_REDUCE_OPS = new Set(['ReduceMean', 'ReduceMax', 'ReduceSum', 'ReduceL2']);
const ONNX_SEQUENCE_OPS = new Set(['LSTM', 'GRU', 'RNN', 'Softmax']);

/** Bare LayersModels are wrapped once, so their compiled heads are cached like a loaded model's. */
const wrapped = new WeakMap<tf.LayersModel, TfjsLayersModel | null>();

export const cnnAdapter: FamilyAdapter = {
  name: 'cnn',
  architecture: 'convolutional',
  inputs: ['image'],
  methods: [DEFAULT_METHOD, ...[...METHODS.keys()].filter((m) => m !== DEFAULT_METHOD)],
  looksFor: 'spatial conv layers pooled into a classifier',
  detect(model: unknown): string | null {
    try {
      const m = explainableOf(model);
      if (m instanceof TfjsLayersModel) return detectTfjs(m);
      if (m instanceof OnnxModel) return detectOnnx(m);
      if (m) return `an ExplainableModel with spatial layer '${m.defaultLayer().name}' ${shapeText(m.defaultLayer())}`;
      return null;
    } catch {
      return null;
    }
  },
  async explain(model: unknown, input: UniversalInput, options: ExplainFamilyOptions): Promise<FamilyResult> {
    const m = explainableOf(model);
    if (!m) throw new UsageError('cnn adapter: the model is not an image model (TF.js LayersModel or ONNX model over images)');
    if (input.kind !== 'image') throw new UsageError(`a convolutional image model explains image input, not ${input.kind}`);
    const start = performance.now();
    const [r] = await explain(m, [{ source: input.source ?? 'image', data: input.data }], {
      method: options.method ?? DEFAULT_METHOD,
      classes: options.target === undefined ? undefined : [options.target],
      seed: options.seed,
    });
    const e = r.explanations[0];
    const runnerUp = r.predictions.find((p) => p.class !== e.class);
    return {
      method: r.method,
      target: e.class,
      score: e.score,
      probability: e.probability,
      runnerUpProbability: runnerUp?.probability ?? 0,
      attribution: e.attribution,
      explainMs: performance.now() - start,
    };
  },
};

/** The model as the image pipeline sees it; undefined when it is not one (or not over 3-channel images). */
export function explainableOf(model: unknown): ExplainableModel | undefined {
  if (model instanceof TfjsLayersModel || model instanceof OnnxModel) return model;
  if (model instanceof tf.LayersModel) {
    if (!wrapped.has(model)) {
      let wrap: TfjsLayersModel | null = null;
      try {
        // The universal input is already prepared for the model, so the preprocessing is never applied.
        wrap = wrapLayersModel(model, model.name, { preprocess: RAW_PREPROCESS });
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
      }
      wrapped.set(model, wrap);
    }
    return wrapped.get(model) ?? undefined;
  }
  if (isExplainableModel(model)) return model;
  return undefined;
}

function isExplainableModel(model: unknown): model is ExplainableModel {
  const m = model as Partial<ExplainableModel> | null;
  return typeof m === 'object' && m !== null && (m.engine === 'tfjs' || m.engine === 'onnx') &&
    typeof m.split === 'function' && typeof m.defaultLayer === 'function' && typeof m.predict === 'function';
}

function detectTfjs(m: TfjsLayersModel): string | null {
  const convs = m.model.layers.filter((l) => TFJS_CONV_LAYERS.has(l.getClassName()));
  if (convs.length === 0) return null;
  const layer = m.defaultLayer();
  if (!isSpatial(layer.shape)) return null;
  const steps = graphSteps(m.model);
  const at = steps.findIndex((s) => s.layer.name === layer.name);
  // The first layer after the target whose output is not a spatial map: a vector means a pooled (or
  // flattened) classifier head; a [T, D] output means the map became a sequence of tokens or time steps.
  const collapse = steps.slice(at + 1).find((s) => s.shape.length !== 3);
  if (!collapse || collapse.shape.length !== 1) return null;
  return `TF.js: ${convs.length} ${kinds(convs.map((l) => l.getClassName()))} layers, last spatial layer '${layer.name}' ${shapeText(layer)} ` +
    `collapsed by ${collapse.layer.getClassName()} '${collapse.layer.name}'`;
}

function detectOnnx(m: OnnxModel): string | null {
  const convs = nodesOf(m.graph, ONNX_CONV_OPS);
  if (convs.length === 0) return null;
  const layer = m.defaultLayer();
  const after = downstreamOf(m.graph, layer.name);
  // Softmax before the logits is attention (a ViT after its patch embedding); LSTM/GRU/RNN a recurrent head.
  const sequenceOps = after.filter((n) => ONNX_SEQUENCE_OPS.has(n.opType) && !(n.opType === 'Softmax' && feedsOutput(m.graph, n)));
  if (sequenceOps.length > 0) return null;
  const collapse = after.find((n) => collapsesSpace(m, n));
  if (!collapse) return null;
  return `ONNX: ${countsByOp(convs)} ops, last spatial tensor '${layer.name}' ${shapeText(layer)} pooled by ${collapse.opType} '${collapse.name}'`;
}

function collapsesSpace(m: OnnxModel, node: OnnxNode): boolean {
  if (ONNX_COLLAPSE_OPS.has(node.opType)) return true;
  if (!ONNX_REDUCE_OPS.has(node.opType)) return false;
  // From opset 18 the axes are an input: a 1-D tensor whose length is the number of axes reduced.
  const axes = attrInts(node, 'axes');
  const count = axes ? axes.length : node.inputs[1] ? (m.graph.initializer(node.inputs[1])?.dims[0] ?? 0) : 0;
  return count >= 2;
}

/** "7x7" for NHWC [7, 7, C] and NCHW [C, 7, 7] alike. */
function shapeText(layer: LayerInfo): string {
  const [h, w] = layer.channelAxis === 3 ? layer.shape : layer.shape.slice(1);
  return `${h}x${w}`;
}

/** "Conv2D" or "Conv2D/DepthwiseConv2D": the distinct layer classes, in order of first appearance. */
function kinds(classes: string[]): string {
  return [...new Set(classes)].join('/');
}
