import type * as tf from '@tensorflow/tfjs';

/** How pixels become the model's input tensor. */
export interface PreprocessSpec {
  /** Per-channel mean subtracted after scaling, RGB order. */
  mean: [number, number, number];
  /** Per-channel std the result is divided by, RGB order. */
  std: [number, number, number];
  /** Pixels (0..255) are multiplied by this first. */
  scale: number;
  /** 'fill': whole image to the input size; 'crop': shorter side to size*256/224, then centre crop. */
  resize: 'fill' | 'crop';
}

export interface InputSpec {
  height: number;
  width: number;
  channels: number;
  /** Layout the model itself expects. Callers always hand `predict`/`split` NHWC batches. */
  layout: 'NHWC' | 'NCHW';
  preprocess: PreprocessSpec;
}

/** A tensor that can serve as a target layer (a tap). Shape excludes the batch axis. */
export interface LayerInfo {
  name: string;
  /** Shape of one example's activations in the engine's own layout, e.g. [7, 7, 1280] or [1280, 7, 7]. */
  shape: number[];
  /** Where the channels are in the 4-D activations (batch axis included): 3 for NHWC, 1 for NCHW. */
  channelAxis: 1 | 3;
  /** The layer's op or class, for listings. */
  type: string;
}

/** One forward pass that yields both the logits and the target layer's activations. */
export interface ForwardWithTap {
  logits: tf.Tensor2D;
  activations: tf.Tensor4D;
}

/**
 * A model cut at a target layer: the body runs forward (on whatever runtime is fastest), the head is
 * differentiable TF.js so the gradient of a class score is taken through it only.
 */
export interface ModelSplit {
  layer: LayerInfo;
  /** Forward the NHWC batch once; the caller owns (and disposes) both tensors. */
  run(batch: tf.Tensor4D): Promise<ForwardWithTap>;
  /** activations -> logits, built from TF.js ops only (so tf.grad works through it). */
  head(activations: tf.Tensor4D): tf.Tensor2D;
  /**
   * Set when the head is global average pooling followed by an affine map (logits = mean(A) W + b): the
   * transposed weight matrix, [classes, channels]. The gradient of any logit is then constant over space,
   * W[:, c] / (H*W), and needs no backward pass at all.
   */
  pooledLinear?: { weightsT: tf.Tensor2D };
  dispose(): void;
}

/** What every engine adapter provides, and all that explainers may use. */
export interface ExplainableModel {
  readonly engine: 'tfjs' | 'onnx';
  /** Where the model came from (path, URL or zoo name). */
  readonly source: string;
  readonly inputSpec: InputSpec;
  readonly numClasses: number;
  readonly labels?: string[];
  /** Candidate target layers (4-D spatial activations), in graph order. */
  layers(): LayerInfo[];
  /** The last spatial layer before the network collapses space. */
  defaultLayer(): LayerInfo;
  /** Logits for an NHWC batch; the caller disposes the result. */
  predict(batch: tf.Tensor4D): Promise<tf.Tensor2D>;
  /** Cut at `layerName` (default: `defaultLayer()`). Unknown names throw a UsageError listing the candidates. */
  split(layerName?: string): Promise<ModelSplit>;
  /**
   * The whole model, NHWC batch -> logits, as TF.js ops that tf.grad can take back to the input (for
   * Saliency, Integrated Gradients, SmoothGrad). Undefined when the engine cannot express the model in
   * TF.js (an ONNX op without a translation). The function is valid until `dispose()`.
   */
  differentiable?(): ((x: tf.Tensor4D) => tf.Tensor2D) | undefined;
  dispose(): void;
}
