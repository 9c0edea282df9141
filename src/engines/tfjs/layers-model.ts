import * as tf from '@tensorflow/tfjs';
import { UsageError } from '../../errors.js';
import type { ExplainableModel, ForwardWithTap, InputSpec, LayerInfo, ModelSplit } from '../types.js';
import { cutPoints, graphSteps, isSpatial, type GraphStep } from './graph.js';

export interface TfjsModelOptions {
  source: string;
  inputSpec: InputSpec;
  labels?: string[];
  /** Layer to use when none is named (e.g. from a sidecar); defaults to auto-detection. */
  defaultLayer?: string;
}

/** A TF.js LayersModel (sequential or functional) seen through the ExplainableModel interface. */
export class TfjsLayersModel implements ExplainableModel {
  readonly engine = 'tfjs' as const;
  readonly source: string;
  readonly inputSpec: InputSpec;
  readonly numClasses: number;
  readonly labels?: string[];
  private readonly steps: GraphStep[];
  private readonly candidates: LayerInfo[];
  private readonly preferredLayer?: string;
  private readonly splits = new Map<string, ModelSplit>();

  constructor(readonly model: tf.LayersModel, options: TfjsModelOptions) {
    if (model.inputs.length !== 1 || model.outputs.length !== 1) {
      throw new UsageError(`model must have one input and one output, got ${model.inputs.length} and ${model.outputs.length}`);
    }
    const outShape = model.outputs[0].shape;
    if (outShape.length !== 2 || outShape[1] === null) {
      throw new UsageError(`model output must be [batch, classes], got [${outShape.join(', ')}]`);
    }
    this.source = options.source;
    this.inputSpec = options.inputSpec;
    this.numClasses = outShape[1];
    this.labels = options.labels;
    this.preferredLayer = options.defaultLayer;
    this.steps = graphSteps(model);
    const cuts = cutPoints(this.steps);
    this.candidates = this.steps
      .filter((s, i) => cuts.has(i) && s.shape.length === 3)
      .map((s) => ({ name: s.layer.name, shape: s.shape, channelAxis: 3 as const, type: s.layer.getClassName() }));
  }

  layers(): LayerInfo[] {
    return this.candidates;
  }

  defaultLayer(): LayerInfo {
    if (this.preferredLayer) return this.findLayer(this.preferredLayer);
    const spatial = this.candidates.filter((l) => isSpatial(l.shape));
    const pick = spatial.at(-1) ?? this.candidates.at(-1);
    if (!pick) {
      throw new UsageError(`model ${this.source} has no spatial (4-D) layer to explain; Grad-CAM needs a convolutional layer`);
    }
    return pick;
  }

  async predict(batch: tf.Tensor4D): Promise<tf.Tensor2D> {
    return this.model.predict(batch) as tf.Tensor2D;
  }

  async split(layerName?: string): Promise<ModelSplit> {
    const layer = layerName ? this.findLayer(layerName) : this.defaultLayer();
    let split = this.splits.get(layer.name);
    if (!split) {
      split = this.buildSplit(layer);
      this.splits.set(layer.name, split);
    }
    return split;
  }

  dispose(): void {
    this.splits.clear();
    this.model.dispose();
  }

  private findLayer(name: string): LayerInfo {
    const found = this.candidates.find((l) => l.name === name);
    if (found) return found;
    const list = this.candidates.map((l) => `${l.name} (${l.shape.join('x')})`).join(', ');
    const exists = this.steps.some((s) => s.layer.name === name);
    const why = exists ? `layer '${name}' cannot be a target (not a 4-D layer every path passes through)` : `layer '${name}' not found`;
    throw new UsageError(`${why}; spatial layers are: ${list || 'none'}`);
  }

  /**
   * Body: one model with two outputs (the layer and the logits), so a single forward yields both.
   * Head: the layers after the target re-applied eagerly to given activations; weights are shared, nothing
   * is copied, and tf.grad through it touches the head only.
   */
  private buildSplit(layer: LayerInfo): ModelSplit {
    const index = this.steps.findIndex((s) => s.layer.name === layer.name);
    const target = this.steps[index];
    const headSteps = this.steps.slice(index + 1);
    const body = tf.model({ inputs: this.model.inputs, outputs: [target.layer.output as tf.SymbolicTensor, this.model.outputs[0]] });
    const outputId = this.model.outputs[0].id;
    return {
      layer,
      run: async (batch: tf.Tensor4D): Promise<ForwardWithTap> => {
        const [activations, logits] = body.predict(batch) as [tf.Tensor4D, tf.Tensor2D];
        return { activations, logits };
      },
      head: (activations: tf.Tensor4D): tf.Tensor2D => runSteps(headSteps, target.outputId, activations, outputId),
      dispose: () => undefined,
    };
  }
}

/** Evaluate `steps` eagerly, starting from `input` bound to tensor `inputId`, and return tensor `outputId`. */
function runSteps(steps: GraphStep[], inputId: number, input: tf.Tensor, outputId: number): tf.Tensor2D {
  const values = new Map<number, tf.Tensor>([[inputId, input]]);
  for (const step of steps) {
    const args = step.inputIds.map((id) => {
      const v = values.get(id);
      if (!v) throw new Error(`internal: tensor ${id} needed by '${step.layer.name}' is not computed`);
      return v;
    });
    const out = step.layer.apply(args.length === 1 ? args[0] : args, { training: false }) as tf.Tensor;
    values.set(step.outputId, out);
  }
  const result = values.get(outputId);
  if (!result) throw new Error('internal: head did not reach the model output');
  return result as tf.Tensor2D;
}
