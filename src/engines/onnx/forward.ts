import * as tf from '@tensorflow/tfjs';
import type { InputSpec } from '../types.js';
import type { OnnxGraph } from './graph.js';
import type { Candidate } from './layers.js';
import type { OnnxSession } from './ort-session.js';
import type { Program } from './program.js';
import { tapOutputName, withTaps } from './surgery.js';

type Layout = InputSpec['layout'];

/** The forward pass of an ONNX model on some runtime: logits, and a target layer's activations when asked. */
export interface Forward {
  /** `batch` is NHWC; returns [logits] or [logits, activations]; the caller disposes them. */
  run(batch: tf.Tensor4D, tap?: Candidate): Promise<tf.Tensor[]>;
  /** Get ready to tap `tap` (so the first run is not also the slow one). */
  prepare(tap: Candidate): Promise<void>;
  dispose(): void;
}

/**
 * Forward on ONNX Runtime. A target layer is exposed by graph surgery (it becomes an extra graph output of
 * a re-encoded model), one session per layer, cached: one run then yields logits and activations.
 */
export class OrtForward implements Forward {
  private readonly taps = new Map<string, Promise<OnnxSession>>();

  constructor(
    private readonly graph: OnnxGraph,
    private readonly layout: Layout,
    private readonly plain: OnnxSession,
    private readonly open: (bytes: Uint8Array) => Promise<OnnxSession>,
  ) {}

  async run(batch: tf.Tensor4D, tap?: Candidate): Promise<tf.Tensor[]> {
    const logits = this.graph.outputs[0].name;
    const session = tap ? await this.tapSession(tap) : this.plain;
    const fetch = tap ? [logits, tapOutputName({ tensor: tap.layer.name, dequantize: tap.quant })] : [logits];
    const [n, h, w, c] = batch.shape;
    const input = this.layout === 'NCHW'
      ? { type: 'float32', data: await nchwData(batch), dims: [n, c, h, w] }
      : { type: 'float32', data: (await batch.data()) as Float32Array, dims: batch.shape };
    const out = await session.run({ [this.graph.inputs[0].name]: input }, fetch);
    return fetch.map((name) => {
      const t = out[name];
      return tf.tensor(t.data instanceof Float32Array ? t.data : Float32Array.from(t.data as ArrayLike<number>), [...t.dims]);
    });
  }

  async prepare(tap: Candidate): Promise<void> {
    await this.tapSession(tap);
  }

  private tapSession(tap: Candidate): Promise<OnnxSession> {
    let session = this.taps.get(tap.layer.name);
    if (!session) {
      session = this.open(withTaps(this.graph, [{ tensor: tap.layer.name, dequantize: tap.quant }]));
      this.taps.set(tap.layer.name, session);
      session.catch(() => this.taps.delete(tap.layer.name));
    }
    return session;
  }

  dispose(): void {
    for (const session of this.taps.values()) session.then((s) => s.release(), () => undefined);
    this.taps.clear();
  }
}

/** The batch's values in NCHW order, transposed by the TF.js backend (a quarter of a plain JS loop's time on wasm). */
async function nchwData(batch: tf.Tensor4D): Promise<Float32Array> {
  const nchw = tf.transpose(batch, [0, 3, 1, 2]);
  try {
    return (await nchw.data()) as Float32Array;
  } finally {
    nchw.dispose();
  }
}

/** Forward in TF.js through the whole translated model; any tensor can be returned alongside the logits. */
export class TfjsForward implements Forward {
  constructor(
    private readonly program: Program,
    private readonly layout: Layout,
  ) {}

  async run(batch: tf.Tensor4D, tap?: Candidate): Promise<tf.Tensor[]> {
    const input = this.layout === 'NCHW' ? tf.transpose(batch, [0, 3, 1, 2]) : batch;
    try {
      return this.program.run([input], { freeIntermediates: true, also: tap ? [tap.layer.name] : [] });
    } finally {
      if (input !== batch) input.dispose();
    }
  }

  /** The whole model is already compiled: any tensor can be returned. */
  async prepare(): Promise<void> {}

  dispose(): void {
    this.program.dispose();
  }
}
