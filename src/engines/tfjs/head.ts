import * as tf from '@tensorflow/tfjs';
import type { GraphStep } from './graph.js';

/** Largest Dense kernel (entries) whose transpose is cached: 16M floats = 64 MB (VGG16's fc1 stays uncached). */
export const MAX_CACHED_KERNEL = 16 * 1024 * 1024;

/** Activations a Dense layer may carry that we apply as plain TF.js ops (their gradients are autodiff'd). */
const ACTIVATIONS: Record<string, (x: tf.Tensor) => tf.Tensor> = {
  linear: (x) => x,
  relu: (x) => tf.relu(x),
  relu6: (x) => tf.relu6(x),
  sigmoid: (x) => tf.sigmoid(x),
  tanh: (x) => tf.tanh(x),
  elu: (x) => tf.elu(x),
  selu: (x) => tf.selu(x),
  swish: (x) => tf.mul(x, tf.sigmoid(x)),
};

type StepFn = (inputs: tf.Tensor[]) => tf.Tensor;

export interface CompiledHead {
  /** Tensors produced by steps, keyed by symbolic tensor id, evaluated from the target's activations. */
  run(activations: tf.Tensor): tf.Tensor2D;
  /** True when the model's final softmax was left out so the head returns logits. */
  strippedSoftmax: boolean;
  /** Set for a global-average-pooling -> Dense head: the Dense kernel, transposed (see ModelSplit). */
  pooledLinear?: { weightsT: tf.Tensor2D };
  dispose(): void;
}

/**
 * The layers after the target, made into a function of the target's activations. Most layers are simply
 * re-applied (weights shared). Dense layers get a custom gradient that multiplies by a transposed kernel
 * cached once: TF.js's own Dense gradient calls matMul(dy, W, transposeB) which repacks W on every call
 * (4.5 ms for MobileNetV2's 1280x1000 kernel on wasm, against 0.2 ms with the cached transpose). The gradient
 * is taken with respect to the input only; no parameter gradient is ever formed. Convolutions in the head
 * get the same treatment (see inputOnlyConv).
 * A softmax at the very end (a Dense layer's activation or a separate Softmax layer) is left out, so the
 * head returns logits as Grad-CAM expects.
 */
export function compileHead(steps: GraphStep[], inputId: number, outputId: number): CompiledHead {
  const owned: tf.Tensor[] = [];
  let strippedSoftmax = false;
  // Transposed kernels of Dense layers that compute an affine map (linear activation, or a stripped softmax).
  const affineKernelsT = new Map<GraphStep, tf.Tensor2D>();
  const last = steps.at(-1);
  const fns: StepFn[] = steps.map((step) => {
    const isLast = step === last;
    const cls = step.layer.getClassName();
    const config = step.layer.getConfig() as Record<string, unknown>;
    if (isLast && isSoftmaxLayer(cls, config)) {
      strippedSoftmax = true;
      return (xs) => xs[0];
    }
    if (cls === 'Dense') {
      const activation = String(config.activation ?? 'linear');
      const stripped = isLast && activation === 'softmax';
      if (stripped) strippedSoftmax = true;
      const act = stripped ? ACTIVATIONS.linear : ACTIVATIONS[activation];
      const [kernel, bias] = step.layer.getWeights();
      if (act && kernel.rank === 2 && kernel.size <= MAX_CACHED_KERNEL) {
        const kernelT = tf.keep(tf.transpose(kernel)) as tf.Tensor2D;
        owned.push(kernelT);
        if (activation === 'linear' || stripped) affineKernelsT.set(step, kernelT);
        const dense = tf.customGrad((...args: Array<tf.Tensor | unknown>) => {
          const y = tf.matMul(args[0] as tf.Tensor2D, kernel as tf.Tensor2D);
          return { value: bias ? tf.add(y, bias) : y, gradFunc: (dy: tf.Tensor | tf.Tensor[]) => tf.matMul(dy as tf.Tensor2D, kernelT as tf.Tensor2D) };
        });
        return (xs) => act(dense(xs[0]));
      }
      if (stripped) {
        return (xs) => {
          const y = tf.matMul(xs[0] as tf.Tensor2D, kernel as tf.Tensor2D);
          return bias ? tf.add(y, bias) : y;
        };
      }
    }
    if (cls === 'Conv2D' || cls === 'DepthwiseConv2D') {
      const conv = inputOnlyConv(cls, config, step.layer.getWeights());
      if (conv) return (xs) => conv(xs[0]);
    }
    return (xs) => step.layer.apply(xs.length === 1 ? xs[0] : xs, { training: false }) as tf.Tensor;
  });

  return {
    strippedSoftmax,
    pooledLinear: pooledLinearKernel(steps, affineKernelsT),
    run(activations: tf.Tensor): tf.Tensor2D {
      const values = new Map<number, tf.Tensor>([[inputId, activations]]);
      steps.forEach((step, i) => {
        const args = step.inputIds.map((id) => {
          const v = values.get(id);
          if (!v) throw new Error(`internal: tensor ${id} needed by '${step.layer.name}' is not computed`);
          return v;
        });
        values.set(step.outputId, fns[i](args));
      });
      const result = values.get(outputId);
      if (!result) throw new Error('internal: head did not reach the model output');
      return result as tf.Tensor2D;
    },
    dispose: () => tf.dispose(owned),
  };
}

/**
 * A Conv2D or DepthwiseConv2D layer whose gradient is taken with respect to its input only. tfjs-layers runs
 * convolutions through fused ops whose gradient also forms the filter gradient (a parameter gradient we never
 * want, and a kernel the wasm backend lacks). Undefined for configurations we do not cover (channels-first,
 * dilation, an unknown activation): those layers are re-applied as they are.
 */
function inputOnlyConv(cls: string, config: Record<string, unknown>, weights: tf.Tensor[]): ((x: tf.Tensor) => tf.Tensor) | undefined {
  const act = ACTIVATIONS[String(config.activation ?? 'linear')];
  const dilation = ([] as number[]).concat(config.dilationRate as number | number[]);
  const strides = ([] as number[]).concat(config.strides as number | number[]);
  const padding = config.padding as 'same' | 'valid';
  if (!act || config.dataFormat !== 'channelsLast' || dilation.some((d) => d !== 1) || (padding !== 'same' && padding !== 'valid')) return undefined;
  const stride: [number, number] = strides.length === 1 ? [strides[0], strides[0]] : [strides[0], strides[1]];
  const [kernel, bias] = weights as [tf.Tensor4D, tf.Tensor1D | undefined];
  const depthwise = cls === 'DepthwiseConv2D';
  const conv = tf.customGrad((...args: Array<tf.Tensor | unknown>) => {
    const x = args[0] as tf.Tensor4D;
    const y = depthwise ? tf.depthwiseConv2d(x, kernel, stride, padding) : tf.conv2d(x, kernel, stride, padding);
    const gradFunc = (dy: tf.Tensor | tf.Tensor[]) =>
      depthwise
        ? (tf.engine().runKernel(tf.DepthwiseConv2dNativeBackpropInput, { dy: dy as tf.Tensor4D, filter: kernel }, {
            strides: stride,
            pad: padding,
            dilations: 1,
            inputShape: x.shape,
          } as unknown as tf.NamedAttrMap) as tf.Tensor)
        : tf.conv2dTranspose(dy as tf.Tensor4D, kernel, x.shape, stride, padding);
    return { value: bias ? tf.add(y, bias) : y, gradFunc };
  });
  return (x) => act(conv(x));
}

/** Layers that pass pooled features through unchanged at inference. */
const PASS_THROUGH = new Set(['Dropout', 'Flatten', 'Reshape']);

/**
 * For a head of GlobalAveragePooling2D, pass-through layers, one affine Dense layer and at most a final
 * softmax (stripped), that Dense layer's transposed kernel; otherwise undefined.
 */
function pooledLinearKernel(steps: GraphStep[], affineKernelsT: Map<GraphStep, tf.Tensor2D>): { weightsT: tf.Tensor2D } | undefined {
  const dense = steps.findIndex((s) => s.layer.getClassName() === 'Dense');
  const kernelT = affineKernelsT.get(steps[dense]);
  if (steps[0]?.layer.getClassName() !== 'GlobalAveragePooling2D' || !kernelT) return undefined;
  const between = steps.slice(1, dense).every((s) => PASS_THROUGH.has(s.layer.getClassName()));
  const after = steps.slice(dense + 1);
  const tail = after.length === 0 || (after.length === 1 && appliesSoftmax(after[0]));
  return between && tail ? { weightsT: kernelT } : undefined;
}

function isSoftmaxLayer(cls: string, config: Record<string, unknown>): boolean {
  return cls === 'Softmax' || (cls === 'Activation' && config.activation === 'softmax');
}

/** Whether a step ends in a softmax, as a layer of its own or as a Dense layer's activation. */
export function appliesSoftmax(step: GraphStep | undefined): boolean {
  if (!step) return false;
  const cls = step.layer.getClassName();
  const config = step.layer.getConfig() as Record<string, unknown>;
  return isSoftmaxLayer(cls, config) || (cls === 'Dense' && config.activation === 'softmax');
}
