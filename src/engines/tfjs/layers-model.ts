import * as tf from '@tensorflow/tfjs';
import { UsageError } from '../../errors.js';
import type { ExplainableModel, ForwardWithTap, InputSpec, LayerInfo, ModelSplit } from '../types.js';
import { cutPoints, graphSteps, isSpatial, type GraphStep } from './graph.js';
import { appliesSoftmax, compileHead, type CompiledHead } from './head.js';

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
  private readonly endsInSoftmax: boolean;
  private readonly candidates: LayerInfo[];
  private readonly preferredLayer?: string;
  private readonly splits = new Map<string, ModelSplit>();
  private whole?: CompiledHead;

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
    this.endsInSoftmax = appliesSoftmax(this.steps.at(-1));
    const cuts = cutPoints(this.steps);
    this.candidates = this.steps
      .filter((s, i) => cuts.has(i) && s.shape.length === 3)
      .map((s) => ({ name: s.layer.name, shape: s.shape, channelAxis: 3 as const, type: s.layer.getClassName() }));
  }

  /** Candidate target layers: 4-D cut points, in graph order. */
  layers(): LayerInfo[] {
    return this.candidates;
  }

  defaultLayer(): LayerInfo {
    if (this.preferredLayer) return this.findLayer(this.preferredLayer);
    const spatial = this.candidates.filter((l) => isSpatial(l.shape));
    // A pooling layer just before the collapse only coarsens the last conv's map (VGG16's block5_pool):
    // like the Grad-CAM paper, explain the conv itself.
    let i = spatial.length - 1;
    while (i > 0 && /^(Max|Average)Pooling2D$/.test(spatial[i].type)) i--;
    const pick = spatial[i] ?? this.candidates.at(-1);
    if (!pick) {
      throw new UsageError(`model ${this.source} has no spatial (4-D) layer to explain; Grad-CAM needs a convolutional layer`);
    }
    return pick;
  }

  /** Logits; for a model that ends in softmax, log-probabilities (logits up to a constant per example). */
  async predict(batch: tf.Tensor4D): Promise<tf.Tensor2D> {
    const out = this.model.predict(batch) as tf.Tensor2D;
    if (!this.endsInSoftmax) return out;
    const logits = tf.tidy(() => tf.log(tf.maximum(out, 1e-30)) as tf.Tensor2D);
    out.dispose();
    return logits;
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

  /**
   * Every layer compiled from the model's input, as heads are (head.ts): convolutions and Dense layers take
   * input-only gradients, so no filter gradient is formed and the wasm backend has every kernel it needs.
   * A final softmax is left out, so the function returns logits.
   */
  differentiable(): (x: tf.Tensor4D) => tf.Tensor2D {
    const whole = (this.whole ??= compileHead(this.steps, this.model.inputs[0].id, this.model.outputs[0].id));
    return (x) => whole.run(x);
  }

  dispose(): void {
    for (const split of this.splits.values()) split.dispose();
    this.splits.clear();
    this.whole?.dispose();
    this.whole = undefined;
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
   * Body: one model with two outputs (the layer and the model's output), so a single forward yields both.
   * Head: the layers after the target, compiled into a function of the activations (see head.ts); tf.grad
   * through it touches the head only. When the model ends in a softmax, the head leaves it out and the
   * logits come from the head's own (cheap) forward.
   */
  private buildSplit(layer: LayerInfo): ModelSplit {
    const index = this.steps.findIndex((s) => s.layer.name === layer.name);
    const target = this.steps[index];
    const head = compileHead(this.steps.slice(index + 1), target.outputId, this.model.outputs[0].id);
    const body = tf.model({ inputs: this.model.inputs, outputs: [target.layer.output as tf.SymbolicTensor, this.model.outputs[0]] });
    return {
      layer,
      run: async (batch: tf.Tensor4D): Promise<ForwardWithTap> => {
        const [activations, output] = body.predict(batch) as [tf.Tensor4D, tf.Tensor2D];
        if (!head.strippedSoftmax) return { activations, logits: output };
        output.dispose();
        return { activations, logits: tf.tidy(() => head.run(activations)) };
      },
      head: (activations: tf.Tensor4D): tf.Tensor2D => head.run(activations),
      pooledLinear: head.pooledLinear,
      dispose: () => head.dispose(),
    };
  }
}
