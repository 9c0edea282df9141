import { UsageError } from '../../errors.js';
import { IMAGENET_PREPROCESS } from '../../image/preprocess.js';
import type { InputSpec, PreprocessSpec } from '../types.js';
import type { DeclaredValue, OnnxGraph } from './graph.js';
import { isFloatType } from './tensor-proto.js';

/**
 * Side used for a spatial dim the model leaves free: 224, the ImageNet classification input size of
 * torchvision's and Keras's classifiers.
 */
export const DEFAULT_FREE_SIDE = 224;

/** What the engine knows about an image input. */
export interface ImageInput {
  name: string;
  spec: InputSpec;
  /** The model's own dims for a batch of one, in its layout (NCHW or NHWC). */
  dims: [number, number, number, number];
  /** False when the exporter fixed the batch at 1: batches then run one example at a time. */
  batchIsFree: boolean;
}

/** The image input, or the reason (a one-line message) the model's input is not an image. */
export function imageInputOf(graph: OnnxGraph, preprocess: PreprocessSpec | undefined): ImageInput | string {
  if (graph.inputs.length !== 1) {
    return `model input is not an image: it takes ${graph.inputs.length} inputs (${graph.inputs.map((i) => i.name).join(', ')}), expected one image batch`;
  }
  const input = graph.inputs[0];
  const dims = input.dims;
  if (!dims || dims.length !== 4 || !isFloatType(input.elemType)) return notImage(input);
  const side = (d: number | string | null): number => (typeof d === 'number' && d > 0 ? d : DEFAULT_FREE_SIDE);
  const channelsFirst = dims[1] === 3 || (dims[1] === 1 && dims[3] !== 1 && dims[3] !== 3);
  const channelsLast = !channelsFirst && (dims[3] === 3 || dims[3] === 1);
  if (!channelsFirst && !channelsLast) return notImage(input);
  const channels = (channelsFirst ? dims[1] : dims[3]) as number;
  const height = side(channelsFirst ? dims[2] : dims[1]);
  const width = side(channelsFirst ? dims[3] : dims[2]);
  return {
    name: input.name,
    spec: { height, width, channels, layout: channelsFirst ? 'NCHW' : 'NHWC', preprocess: preprocess ?? IMAGENET_PREPROCESS },
    dims: channelsFirst ? [1, channels, height, width] : [1, height, width, channels],
    batchIsFree: dims[0] !== 1,
  };
}

function notImage(input: DeclaredValue): string {
  const shape = input.dims ? `[${input.dims.map((d) => d ?? '?').join(', ')}]` : 'of unknown shape';
  return `model input is not an image: input '${input.name}' is ${shape}, expected [batch, 3, height, width] or [batch, height, width, 3] floats`;
}

/** Throws the reason when the input is not an image, or is an image with other than 3 channels. */
export function requireImage(input: ImageInput | string, source: string): ImageInput {
  if (typeof input === 'string') throw new UsageError(input);
  if (input.spec.channels !== 3) {
    throw new UsageError(`model ${source} takes ${input.spec.channels}-channel images; litecam feeds RGB images (3 channels)`);
  }
  return input;
}
