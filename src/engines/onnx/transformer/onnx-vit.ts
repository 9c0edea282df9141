/**
 * A ViT-style ONNX model behind the transformer explainers' interfaces. The attention maps and the token
 * stream come from ONNX Runtime with those tensors exposed as extra graph outputs (`surgery.ts`, one cached
 * session per tap set); token Grad-CAM's head and gradient rollout's gated forward are the graph translated
 * to TF.js (`program.ts`). Callers hand over NHWC batches, as everywhere else.
 */
import * as tf from '@tensorflow/tfjs';
import { UsageError } from '../../../errors.js';
import type { AttentionSource, GatedAttentionModel, TokenSplit } from '../../../explainers/transformer/patch-transformer.js';
import type { InputSpec } from '../../types.js';
import type { OnnxGraph } from '../graph.js';
import type { ImageInput } from '../input-spec.js';
import type { OnnxSession, RawTensor } from '../ort-session.js';
import { Program } from '../program.js';
import { withTaps } from '../surgery.js';
import { gatedAttentionProgram } from './gated-program.js';
import type { VitGraphLayout } from './recognise.js';

export interface OnnxVitParts {
  source: string;
  graph: OnnxGraph;
  /** Whether dispose() releases the graph (false when another model, e.g. an OnnxModel, owns it). */
  ownsGraph: boolean;
  image: ImageInput;
  layout: VitGraphLayout;
  numClasses: number;
  labels?: string[];
  open: (bytes: Uint8Array) => Promise<OnnxSession>;
}

/** Largest |difference| between one image's attention run alone and in a batch, for the batch-major check. */
const LAYOUT_TOLERANCE = 1e-4;

export class OnnxVisionTransformer implements AttentionSource, GatedAttentionModel {
  readonly engine = 'onnx' as const;
  readonly source: string;
  readonly numClasses: number;
  readonly labels?: string[];
  readonly layout: VitGraphLayout;
  readonly patchGrid: { width: number; height: number };
  readonly prefixTokens: number;
  readonly depth: number;
  /** Heads of the first block (gradient rollout needs every block to have as many). */
  readonly heads: number;
  private attentionSession?: Promise<OnnxSession>;
  private readonly tokenSessions = new Map<number, Promise<OnnxSession>>();
  private readonly tokenHeads = new Map<number, Program>();
  /** The gated whole-graph translation, compiled on first use; a string says why it cannot be. */
  private gated?: Program | string;

  constructor(private readonly parts: OnnxVitParts) {
    this.source = parts.source;
    this.numClasses = parts.numClasses;
    this.labels = parts.labels;
    this.layout = parts.layout;
    this.patchGrid = parts.layout.patchGrid;
    this.prefixTokens = parts.layout.prefixTokens;
    this.depth = parts.layout.blocks.length;
    this.heads = parts.layout.blocks[0].heads;
  }

  get inputSpec(): InputSpec {
    return this.parts.image.spec;
  }

  /** What the recognition found, in one line (the universal adapter's evidence). */
  describe(): string {
    const { patchSize, patchGrid, prefixTokens, blocks } = this.layout;
    const patches = patchGrid.width * patchGrid.height;
    const prefix = prefixTokens === 0 ? '' : prefixTokens === 1 ? ' + class token' : ` + ${prefixTokens} prefix tokens`;
    const heads = [...new Set(blocks.map((b) => b.heads))].join('/');
    return `ONNX graph: patch Conv ${patchSize[0]}x${patchSize[1]} -> ${patches} tokens${prefix}, ${blocks.length} Softmax attentions of ${heads} heads`;
  }

  /** Logits of an NHWC batch from ONNX Runtime; the caller disposes them. */
  async logits(batch: tf.Tensor4D): Promise<tf.Tensor2D> {
    const [logits] = await this.runTapped(await this.attentionTaps(), batch, []);
    return logits as tf.Tensor2D;
  }

  async attentions(batch: tf.Tensor4D): Promise<{ logits: tf.Tensor2D; attentions: tf.Tensor4D[] }> {
    const names = this.layout.blocks.map((b) => b.attention);
    const [logits, ...maps] = await this.runTapped(await this.attentionTaps(), batch, names);
    const n = batch.shape[0];
    const t = this.layout.tokens;
    // Heads folded into the batch axis come batch-major (checked at load), so a reshape unfolds them.
    const attentions = maps.map((m, b) => {
      const unfolded = tf.reshape(m, [n, this.layout.blocks[b].heads, t, t]) as tf.Tensor4D;
      m.dispose();
      return unfolded;
    });
    return { logits: logits as tf.Tensor2D, attentions };
  }

  /**
   * The model cut where the tokens enter `block` (default: the last block; token Grad-CAM's cut, see
   * explainers/transformer/token-gradcam.ts): ONNX Runtime forward, TF.js head.
   */
  tokenSplit(block = this.depth - 1): TokenSplit {
    if (!Number.isSafeInteger(block) || block < 0 || block >= this.depth) {
      throw new UsageError(`block must be an integer in [0, ${this.depth - 1}]; got ${String(block)}`);
    }
    const head = this.tokenHead(block);
    const tokens = this.layout.blocks[block].input;
    return {
      patchGrid: this.patchGrid,
      prefixTokens: this.prefixTokens,
      run: async (batch) => {
        const [logits, stream] = await this.runTapped(await this.tokenTaps(block), batch, [tokens]);
        return { logits: logits as tf.Tensor2D, tokens: stream as tf.Tensor3D };
      },
      head: (x) => this.perExample([x], ([one]) => head.run([one])[0]) as tf.Tensor2D,
    };
  }

  /** Whether the whole graph translates to TF.js, so gradient rollout can run; otherwise why not. */
  gatedAttention(): true | string {
    const program = this.gatedProgram();
    return typeof program === 'string' ? program : true;
  }

  /** Logits through the translated graph (TF.js); throws a UsageError when it does not translate. */
  predict(batch: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => {
      const t = this.layout.tokens;
      const ones = this.layout.blocks.map((b) => tf.ones([batch.shape[0], b.heads, t, t]) as tf.Tensor4D);
      return this.gatedLogits(batch, ones);
    });
  }

  gatedLogits(batch: tf.Tensor4D, gates: tf.Tensor4D[]): tf.Tensor2D {
    this.checkBatch(batch);
    const program = this.gatedProgram();
    if (typeof program === 'string') throw new UsageError(`gradient rollout needs ${this.source} in TF.js: ${program}`);
    if (gates.length !== this.depth) throw new UsageError(`expected ${this.depth} attention gates, one per block; got ${gates.length}`);
    const image = this.parts.image.spec.layout === 'NCHW' ? tf.transpose(batch, [0, 3, 1, 2]) : batch;
    // Each gate takes its Softmax's own shape: [N * heads, T, T] when the export folds the heads into the batch.
    const shaped = gates.map((g, b) => {
      const dims = this.layout.blocks[b].attentionDims;
      return dims.length === 3 ? tf.reshape(g, [-1, dims[1], dims[2]]) : g;
    });
    return this.perExample([image, ...shaped], (feeds) => program.run(feeds)[0]) as tf.Tensor2D;
  }

  /**
   * Checks that heads folded into the batch axis come batch-major (example i's heads at i*heads ...), what
   * `attentions` assumes: one image's attention run alone must equal its slice of a two-image batch.
   */
  async checkAttentionLayout(): Promise<void> {
    if (!this.parts.image.batchIsFree || this.layout.blocks.every((b) => b.attentionDims.length === 4)) return;
    const { height, width, channels } = this.inputSpec;
    const size = height * width * channels;
    const second = Float32Array.from({ length: size }, (_, i) => Math.sin(i * 0.37));
    const pair = tf.tensor4d(Float32Array.from({ length: 2 * size }, (_, i) => (i < size ? 0 : second[i - size])), [2, height, width, channels]);
    const alone = tf.tensor4d(second, [1, height, width, channels]);
    try {
      const both = await this.attentions(pair);
      const single = await this.attentions(alone);
      const worst = tf.tidy(() => tf.max(tf.abs(tf.sub(tf.slice(both.attentions[0], [1], [1]), single.attentions[0]))).dataSync()[0]);
      tf.dispose([both.logits, ...both.attentions, single.logits, ...single.attentions]);
      if (!(worst <= LAYOUT_TOLERANCE)) {
        throw new UsageError(`model ${this.source}: its attention [${this.layout.blocks[0].attentionDims.join(', ')}] does not hold each example's heads together; only batch-major layouts are supported`);
      }
    } finally {
      tf.dispose([pair, alone]);
    }
  }

  dispose(): void {
    if (typeof this.gated === 'object') this.gated.dispose();
    this.gated = undefined;
    for (const head of this.tokenHeads.values()) head.dispose();
    this.tokenHeads.clear();
    const sessions = [this.attentionSession, ...this.tokenSessions.values()];
    for (const s of sessions) s?.then((x) => x.release(), () => undefined);
    this.attentionSession = undefined;
    this.tokenSessions.clear();
    if (this.parts.ownsGraph) this.parts.graph.release();
  }

  private attentionTaps(): Promise<OnnxSession> {
    this.attentionSession ??= this.openTapped(this.layout.blocks.map((b) => b.attention), () => (this.attentionSession = undefined));
    return this.attentionSession;
  }

  private tokenTaps(block: number): Promise<OnnxSession> {
    let session = this.tokenSessions.get(block);
    if (!session) {
      session = this.openTapped([this.layout.blocks[block].input], () => this.tokenSessions.delete(block));
      this.tokenSessions.set(block, session);
    }
    return session;
  }

  private openTapped(tensors: readonly string[], forget: () => void): Promise<OnnxSession> {
    const session = this.parts.open(withTaps(this.parts.graph, tensors.map((tensor) => ({ tensor }))));
    session.catch(forget);
    return session;
  }

  private tokenHead(block: number): Program {
    let program = this.tokenHeads.get(block);
    if (!program) {
      const { input, head } = this.layout.blocks[block];
      if (typeof head === 'string') throw new UsageError(`token Grad-CAM cannot cut ${this.source} before block ${block}: ${head}`);
      program = Program.compile(this.parts.graph, { nodes: head.nodes, inputs: [input], outputs: [this.layout.logits], outsideShapes: head.outsideShapes });
      this.tokenHeads.set(block, program);
    }
    return program;
  }

  private gatedProgram(): Program | string {
    if (this.gated === undefined) {
      const heads = new Set(this.layout.blocks.map((b) => b.heads));
      if (heads.size > 1) {
        this.gated = `its blocks have different head counts (${[...heads].join(', ')})`;
      } else {
        try {
          this.gated = gatedAttentionProgram(this.parts.graph, this.layout.input, this.layout.logits, this.layout.blocks.map((b) => b.attention));
        } catch (e) {
          if (!(e instanceof UsageError)) throw e;
          this.gated = e.message;
        }
      }
    }
    return this.gated;
  }

  private checkBatch(batch: tf.Tensor4D): void {
    const { height, width, channels } = this.inputSpec;
    const [, h, w, c] = batch.shape;
    if (batch.rank !== 4 || h !== height || w !== width || c !== channels) {
      throw new UsageError(`expected an NHWC batch [N, ${height}, ${width}, ${channels}], got [${batch.shape.join(', ')}]`);
    }
  }

  /** ONNX Runtime on an NHWC batch: [logits, ...fetched tensors], as TF.js tensors the caller disposes. */
  private async runTapped(session: OnnxSession, batch: tf.Tensor4D, fetch: readonly string[]): Promise<tf.Tensor[]> {
    this.checkBatch(batch);
    const names = [this.layout.logits, ...fetch];
    const runOne = async (x: tf.Tensor4D): Promise<tf.Tensor[]> => {
      const out = await session.run({ [this.layout.input]: await this.modelInput(x) }, names);
      return names.map((name) => toTensor(out[name]));
    };
    if (this.parts.image.batchIsFree || batch.shape[0] === 1) return runOne(batch);
    // The exporter fixed the batch at 1: one example at a time.
    const perExample: tf.Tensor[][] = [];
    for (const example of tf.split(batch, batch.shape[0])) {
      perExample.push(await runOne(example as tf.Tensor4D));
      example.dispose();
    }
    const joined = names.map((_, k) => tf.concat(perExample.map((outs) => outs[k])));
    tf.dispose(perExample.flat());
    return joined;
  }

  private async modelInput(batch: tf.Tensor4D): Promise<RawTensor> {
    const [n, h, w, c] = batch.shape;
    if (this.parts.image.spec.layout === 'NHWC') return { type: 'float32', data: (await batch.data()) as Float32Array, dims: batch.shape };
    const nchw = tf.transpose(batch, [0, 3, 1, 2]);
    try {
      return { type: 'float32', data: (await nchw.data()) as Float32Array, dims: [n, c, h, w] };
    } finally {
      nchw.dispose();
    }
  }

  /** A TF.js program on feeds whose axis 0 is the batch; split per example when the export fixed the batch at 1. */
  private perExample(feeds: tf.Tensor[], run: (feeds: tf.Tensor[]) => tf.Tensor): tf.Tensor {
    const n = feeds[0].shape[0];
    if (this.parts.image.batchIsFree || n === 1) return run(feeds);
    return tf.tidy(() => tf.concat(Array.from({ length: n }, (_, i) => run(feeds.map((f) => tf.slice(f, [i * (f.shape[0] / n)], [f.shape[0] / n]))))));
  }
}

function toTensor(t: RawTensor): tf.Tensor {
  return tf.tensor(t.data instanceof Float32Array ? t.data : Float32Array.from(t.data as ArrayLike<number>), [...t.dims]);
}
