import * as tf from '@tensorflow/tfjs';
import { UsageError } from '../../errors.js';
import type { ExplainableModel, ForwardWithTap, InputSpec, LayerInfo, ModelSplit } from '../types.js';
import type { Forward } from './forward.js';
import type { OnnxGraph } from './graph.js';
import { type ImageInput, requireImage } from './input-spec.js';
import type { Candidate } from './layers.js';
import type { OnnxSession, RawData, RawTensor } from './ort-session.js';
import { pooledLinearWeights } from './pooled-linear.js';
import { Program } from './program.js';
import { wholeModelProgram } from './translate.js';

/** A tensor for `predictRaw`; the element type defaults from the array (Float32Array -> 'float32' ...). */
export interface RawInput {
  data: RawData;
  dims: readonly number[];
  type?: string;
}

export interface OnnxModelParts {
  source: string;
  graph: OnnxGraph;
  /** The image input, or why the model's input is not one. */
  image: ImageInput | string;
  numClasses: number;
  labels?: string[];
  candidates: Candidate[];
  defaultLayer?: string;
  forward: Forward;
  /** The unmodified model on ONNX Runtime (predictRaw). */
  session: OnnxSession;
}

/** How many layer names an unknown-layer error lists (the last ones, nearest the output, are the usual picks). */
const LAYERS_LISTED = 12;

/**
 * An ONNX model behind the `ExplainableModel` interface. Callers hand over NHWC batches; they are
 * transposed to the model's layout. Activations come back NCHW (channelAxis 1). Heads are compiled to
 * TF.js once per layer and kept (with their weights on the device) until `dispose()`.
 */
export class OnnxModel implements ExplainableModel {
  readonly engine = 'onnx' as const;
  readonly source: string;
  readonly numClasses: number;
  readonly labels?: string[];
  private readonly heads = new Map<string, Program>();
  private readonly pooledLinear = new Map<string, { weightsT: tf.Tensor2D } | undefined>();
  /** The whole model in TF.js, compiled on first use; null when an op has no translation. */
  private whole?: Program | null;

  constructor(private readonly parts: OnnxModelParts) {
    this.source = parts.source;
    this.numClasses = parts.numClasses;
    this.labels = parts.labels;
  }

  /** Throws a UsageError for a model whose input is not an image. */
  get inputSpec(): InputSpec {
    return this.image().spec;
  }

  /** The parsed graph, for code that reads the model's structure (architecture detection). */
  get graph(): OnnxGraph {
    return this.parts.graph;
  }

  /** Names of the model's graph inputs, for `predictRaw`. */
  get inputNames(): readonly string[] {
    return this.parts.graph.inputs.map((i) => i.name);
  }

  layers(): LayerInfo[] {
    this.image();
    return this.parts.candidates.map((c) => c.layer);
  }

  defaultLayer(): LayerInfo {
    const name = this.parts.defaultLayer;
    if (name) return this.candidate(name).layer;
    const last = this.parts.candidates.at(-1);
    this.image();
    if (!last) throw new UsageError(`model ${this.source} has no spatial layer that Grad-CAM can target`);
    return last.layer;
  }

  async predict(batch: tf.Tensor4D): Promise<tf.Tensor2D> {
    const [logits] = await this.forward(batch);
    return logits as tf.Tensor2D;
  }

  async split(layerName?: string): Promise<ModelSplit> {
    const candidate = this.candidate(layerName ?? this.defaultLayer().name);
    const head = this.headFor(candidate);
    await this.parts.forward.prepare(candidate);
    return {
      layer: candidate.layer,
      run: async (batch): Promise<ForwardWithTap> => {
        const [logits, activations] = await this.forward(batch, candidate);
        return { logits: logits as tf.Tensor2D, activations: activations as tf.Tensor4D };
      },
      head: (activations) => head.run([activations])[0] as tf.Tensor2D,
      pooledLinear: this.pooledLinearFor(candidate),
      // Sessions and heads are cached per layer by the model and freed by its dispose().
      dispose: () => undefined,
    };
  }

  /** Run the unmodified model on ONNX Runtime with any inputs (sequences, several inputs ...), by input name. */
  async predictRaw(inputs: Record<string, RawInput>): Promise<Record<string, RawTensor>> {
    const feeds: Record<string, RawTensor> = {};
    for (const [name, t] of Object.entries(inputs)) {
      if (!this.inputNames.includes(name)) {
        throw new UsageError(`model ${this.source} has no input '${name}'; its inputs are: ${this.inputNames.join(', ')}`);
      }
      feeds[name] = { type: t.type ?? elementType(t.data), data: t.data, dims: t.dims };
    }
    return this.parts.session.run(feeds);
  }

  /**
   * The whole model translated to TF.js (NHWC is transposed to the model's layout first); undefined when an
   * op has no translation. A model exported with a fixed batch of 1 runs example by example, as its forward does.
   */
  differentiable(): ((x: tf.Tensor4D) => tf.Tensor2D) | undefined {
    const image = this.image();
    if (this.whole === undefined) {
      try {
        this.whole = wholeModelProgram(this.parts.graph);
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        this.whole = null;
      }
    }
    const program = this.whole;
    if (!program) return undefined;
    const runOne = (x: tf.Tensor4D): tf.Tensor2D => {
      const input = image.spec.layout === 'NCHW' ? tf.transpose(x, [0, 3, 1, 2]) : x;
      return program.run([input])[0] as tf.Tensor2D;
    };
    return (x) => (image.batchIsFree || x.shape[0] === 1 ? runOne(x) : tf.concat(tf.split(x, x.shape[0]).map((e) => runOne(e as tf.Tensor4D))));
  }

  dispose(): void {
    this.whole?.dispose();
    this.whole = undefined;
    for (const head of this.heads.values()) head.dispose();
    this.heads.clear();
    for (const p of this.pooledLinear.values()) p?.weightsT.dispose();
    this.pooledLinear.clear();
    this.parts.forward.dispose();
    void this.parts.session.release();
    this.parts.graph.release();
  }

  private image(): ImageInput {
    return requireImage(this.parts.image, this.source);
  }

  private candidate(name: string): Candidate {
    this.image();
    const found = this.parts.candidates.find((c) => c.layer.name === name);
    if (found) return found;
    const listed = this.parts.candidates.slice(-LAYERS_LISTED).map((c) => `${c.layer.name} (${c.layer.shape.join('x')})`);
    const earlier = this.parts.candidates.length - listed.length;
    throw new UsageError(`layer '${name}' not found; spatial layers are: ${listed.join(', ')}${earlier > 0 ? ` and ${earlier} earlier` : ''}`);
  }

  /** Cached like the heads: the closed-form gradient's weights, when the head is pooled-linear. */
  private pooledLinearFor(candidate: Candidate): { weightsT: tf.Tensor2D } | undefined {
    if (!this.pooledLinear.has(candidate.layer.name)) {
      const w = pooledLinearWeights(this.parts.graph, candidate.head, candidate.layer.name);
      this.pooledLinear.set(candidate.layer.name, w && { weightsT: w });
    }
    return this.pooledLinear.get(candidate.layer.name);
  }

  private headFor(candidate: Candidate): Program {
    let head = this.heads.get(candidate.layer.name);
    if (!head) {
      head = Program.compile(this.parts.graph, {
        nodes: candidate.head,
        inputs: [candidate.layer.name],
        outputs: [this.parts.graph.outputs[0].name],
        outsideShapes: candidate.outsideShapes,
      });
      this.heads.set(candidate.layer.name, head);
    }
    return head;
  }

  /** NHWC batch in, [logits] or [logits, activations] out; a model whose batch is fixed at 1 runs per example. */
  private async forward(batch: tf.Tensor4D, tap?: Candidate): Promise<tf.Tensor[]> {
    const image = this.image();
    const { height, width, channels } = image.spec;
    const [n, h, w, c] = batch.shape;
    if (batch.rank !== 4 || h !== height || w !== width || c !== channels) {
      throw new UsageError(`expected an NHWC batch [N, ${height}, ${width}, ${channels}], got [${batch.shape.join(', ')}]`);
    }
    if (image.batchIsFree || n === 1) return this.parts.forward.run(batch, tap);
    // The exporter fixed the batch at 1 (a Reshape to [1, -1] and the like): one example at a time.
    const perExample: tf.Tensor[][] = [];
    for (const example of tf.split(batch, n)) {
      perExample.push(await this.parts.forward.run(example as tf.Tensor4D, tap));
      example.dispose();
    }
    const joined = perExample[0].map((_, k) => tf.concat(perExample.map((outs) => outs[k])));
    perExample.flat().forEach((t) => t.dispose());
    return joined;
  }
}

function elementType(data: RawData): string {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof BigInt64Array) return 'int64';
  if (data instanceof Int8Array) return 'int8';
  return 'uint8';
}
