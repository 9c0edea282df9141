/**
 * The recurrent family: TF.js LayersModels with LSTM / GRU / SimpleRNN layers (bidirectional or not) and
 * ONNX graphs with LSTM / GRU / RNN ops, over [steps, features] sequences. TF.js models are explained by
 * gradient x input through the recurrence (Shrikumar et al. 2016); ONNX ones, whose recurrent ops have no
 * TF.js translation and so no gradient, by occlusion over time (Zeiler & Fergus 2014, carried to windows of
 * steps). Classifiers and time-series regressors alike: for a regressor the target is an output index.
 */
import * as tf from '@tensorflow/tfjs';
import { OnnxModel } from '../../engines/onnx/onnx-model.js';
import { graphSteps } from '../../engines/tfjs/graph.js';
import { appliesSoftmax } from '../../engines/tfjs/head.js';
import { UsageError } from '../../errors.js';
import { softmax } from '../../explain.js';
import {
  argmax,
  functionSequenceScorer,
  layersSequenceFunction,
  rawSequenceScorer,
  requireSequence,
  resolveTarget,
  sequenceGradientXInput,
  sequenceOcclusion,
  type SequenceExplanation,
  type SequenceInput,
  type SequenceScorer,
} from '../../explainers/rnn/index.js';
import { LayersSequenceModel, sequenceInputShape } from '../sequence-model.js';
import type { ExplainFamilyOptions, FamilyAdapter, FamilyResult, UniversalInput } from '../types.js';
import { countsByOp, feedsOutput, nodesOf } from './onnx-structure.js';

const TFJS_RECURRENT_LAYERS = new Set(['LSTM', 'GRU', 'SimpleRNN', 'RNN', 'ConvLSTM2D']);
const ONNX_RECURRENT_OPS = new Set(['LSTM', 'GRU', 'RNN']);
const GRADIENT_METHOD = 'gradient-x-input';
const OCCLUSION_METHOD = 'occlusion';

/** A sequence model as the adapter runs it: a scorer for every model, a differentiable function for TF.js ones. */
interface RunnableSequenceModel {
  source: string;
  steps: number | null;
  features: number;
  /** The TF.js forward, differentiable; undefined for ONNX models. */
  layers?: tf.LayersModel;
  scorer(steps: number): SequenceScorer;
  /** True when the model's outputs are already probabilities (a final softmax). */
  outputsProbabilities: boolean;
  task?: 'classification' | 'regression';
}

export const recurrentAdapter: FamilyAdapter = {
  name: 'recurrent',
  architecture: 'recurrent',
  inputs: ['sequence'],
  methods: [GRADIENT_METHOD, OCCLUSION_METHOD],
  looksFor: 'recurrent layers or ops (LSTM, GRU, SimpleRNN, RNN)',
  detect(model: unknown): string | null {
    try {
      const layers = layersModelOf(model);
      if (layers) return detectTfjs(layers);
      if (model instanceof OnnxModel) return detectOnnx(model);
      return null;
    } catch {
      return null;
    }
  },
  async explain(model: unknown, input: UniversalInput, options: ExplainFamilyOptions): Promise<FamilyResult> {
    if (input.kind !== 'sequence') throw new UsageError(`a recurrent model explains sequence input, not ${input.kind}`);
    const m = runnableOf(model);
    const sequence = checkedSequence(m, input);
    const start = performance.now();
    const outputs = await m.scorer(sequence.steps)(sequence.values, 1);
    const task = options.task ?? m.task ?? (outputs.length === 1 ? 'regression' : 'classification');
    // A regressor's outputs are values, not scores to pick the largest of: its first output unless told.
    const target = resolveTarget(options.target ?? (task === 'regression' ? 0 : argmax(outputs)), outputs);
    const method = options.method ?? (m.layers ? GRADIENT_METHOD : OCCLUSION_METHOD);
    const e = await explainWith(method, m, sequence, target);
    const probabilities = task === 'classification' ? (m.outputsProbabilities ? outputs : softmax(outputs)) : undefined;
    return {
      method: e.method,
      target,
      score: e.score,
      ...(probabilities ? { probability: probabilities[target], runnerUpProbability: runnerUp(probabilities, target) } : {}),
      attribution: e.attribution,
      explainMs: performance.now() - start,
    };
  },
};

async function explainWith(method: string, m: RunnableSequenceModel, input: SequenceInput, target: number): Promise<SequenceExplanation> {
  if (method === OCCLUSION_METHOD) return sequenceOcclusion(m.scorer(input.steps), input, { target });
  if (method !== GRADIENT_METHOD) throw new UsageError(`unknown method '${method}' for a recurrent model; methods are: ${GRADIENT_METHOD}, ${OCCLUSION_METHOD}`);
  if (!m.layers) throw new UsageError(`${GRADIENT_METHOD} needs a TF.js model; the recurrent ops of ONNX model ${m.source} have no gradient here, use ${OCCLUSION_METHOD}`);
  return sequenceGradientXInput(layersSequenceFunction(m.layers), input, { target });
}

/** The underlying LayersModel of a bare LayersModel or a LayersSequenceModel. */
function layersModelOf(model: unknown): tf.LayersModel | undefined {
  if (model instanceof LayersSequenceModel) return model.model;
  if (model instanceof tf.LayersModel) return model;
  return undefined;
}

function detectTfjs(model: tf.LayersModel): string | null {
  const shape = sequenceInputShape(model);
  const recurrent = model.layers.flatMap((l) => {
    const inner = l.getClassName() === 'Bidirectional' ? (l as unknown as { forwardLayer?: tf.layers.Layer }).forwardLayer : undefined;
    const cls = inner ? inner.getClassName() : l.getClassName();
    if (!TFJS_RECURRENT_LAYERS.has(cls)) return [];
    const units = (l.getConfig().units ?? inner?.getConfig().units) as number | undefined;
    return [`${inner ? `Bidirectional(${cls})` : cls} '${l.name}'${units ? ` (${units} units)` : ''}`];
  });
  if (!shape || recurrent.length === 0) return null;
  const layers = recurrent.length === 1 ? `layer ${recurrent[0]}` : `${recurrent.length} recurrent layers: ${recurrent.join(', ')}`;
  return `TF.js: ${layers} over [${shape.steps ?? 'steps'}, ${shape.features}] sequences`;
}

function detectOnnx(model: OnnxModel): string | null {
  const ops = nodesOf(model.graph, ONNX_RECURRENT_OPS);
  if (ops.length === 0) return null;
  const input = model.graph.inputs[0];
  return `ONNX: ${countsByOp(ops)} ops over input '${input.name}' [${(input.dims ?? []).map((d) => d ?? '?').join(', ')}]`;
}

function runnableOf(model: unknown): RunnableSequenceModel {
  const layers = layersModelOf(model);
  if (layers) {
    const shape = sequenceInputShape(layers);
    if (!shape) throw new UsageError(`model ${layers.name} does not take [batch, steps, features] sequences`);
    const wrapper = model instanceof LayersSequenceModel ? model : undefined;
    return {
      source: wrapper?.source ?? layers.name,
      ...shape,
      layers,
      scorer: (steps) => functionSequenceScorer(layersSequenceFunction(layers), steps, shape.features),
      outputsProbabilities: appliesSoftmax(graphSteps(layers).at(-1)),
      task: wrapper?.task,
    };
  }
  if (model instanceof OnnxModel) {
    const dims = model.graph.inputs[0]?.dims ?? [];
    const [, steps, features] = dims;
    if (model.graph.inputs.length !== 1 || dims.length !== 3 || typeof features !== 'number') {
      throw new UsageError(`ONNX model ${model.source} does not take one [batch, steps, features] sequence input`);
    }
    const last = model.graph.nodes.at(-1);
    return {
      source: model.source,
      steps: typeof steps === 'number' ? steps : null,
      features,
      scorer: (n) => rawSequenceScorer(model, n, features),
      outputsProbabilities: last !== undefined && last.opType === 'Softmax' && feedsOutput(model.graph, last),
    };
  }
  throw new UsageError('recurrent adapter: the model is neither a TF.js LayersModel over sequences nor an ONNX model with recurrent ops');
}

/** The input, checked against the model's own steps and features. */
function checkedSequence(m: RunnableSequenceModel, input: Extract<UniversalInput, { kind: 'sequence' }>): SequenceInput {
  const sequence = requireSequence({ values: input.values, steps: input.steps, features: input.features });
  if (sequence.features !== m.features || (m.steps !== null && sequence.steps !== m.steps)) {
    throw new UsageError(`model ${m.source} takes sequences of ${m.steps ?? 'any number of'} steps x ${m.features} features; got ${sequence.steps} x ${sequence.features}`);
  }
  return sequence;
}

function runnerUp(probabilities: ArrayLike<number>, target: number): number {
  let best = 0;
  for (let i = 0; i < probabilities.length; i++) if (i !== target && probabilities[i] > best) best = probabilities[i];
  return best;
}
