import * as tf from '@tensorflow/tfjs';
import { attrFloats, attrString } from '../attributes.js';
import type { OnnxNode } from '../graph.js';
import { asFloat, isHost, type Value } from '../value.js';
import { type OpDef, required, unsupported } from './op.js';
import { TO_NCHW, TO_NHWC } from './window.js';

/**
 * Spatial Resize/Upsample of NCHW input, for the ONNX modes whose sampling grid TF.js reproduces exactly:
 * linear with half_pixel, pytorch_half_pixel, align_corners or asymmetric coordinates, and nearest with
 * asymmetric coordinates and floor rounding (what PyTorch's F.interpolate(mode='nearest') exports).
 */
function resizeOp(legacyDefaults: boolean): OpDef {
  return {
    build: ({ node, opset }) => {
      const mode = attrString(node, 'mode', 'nearest');
      const older = legacyDefaults || opset < 11;
      const coords = older ? 'asymmetric' : attrString(node, 'coordinate_transformation_mode', 'half_pixel');
      const rounding = older ? 'floor' : attrString(node, 'nearest_mode', 'round_prefer_floor');
      const resize = sampler(node, mode, coords, rounding);
      return (inputs) => {
        const x = asFloat(required(inputs, 0, node));
        if (x.rank !== 4) throw unsupported(node, `resizing a rank-${x.rank} tensor`);
        const [height, width] = outputSize(node, x.shape, inputs, older);
        const nhwc = tf.transpose(x, TO_NHWC) as tf.Tensor4D;
        return [tf.transpose(resize(nhwc, [height, width]), TO_NCHW)];
      };
    },
  };
}

type Sampler = (x: tf.Tensor4D, size: [number, number]) => tf.Tensor4D;

function sampler(node: OnnxNode, mode: string, coords: string, rounding: string): Sampler {
  if (mode === 'linear') {
    if (coords === 'half_pixel' || coords === 'pytorch_half_pixel') return (x, size) => tf.image.resizeBilinear(x, size, false, true);
    if (coords === 'align_corners') return (x, size) => tf.image.resizeBilinear(x, size, true, false);
    if (coords === 'asymmetric') return (x, size) => tf.image.resizeBilinear(x, size, false, false);
  }
  if (mode === 'nearest' && coords === 'asymmetric' && rounding === 'floor') {
    return (x, size) => tf.image.resizeNearestNeighbor(x, size, false, false);
  }
  throw unsupported(node, `mode '${mode}' with coordinate_transformation_mode '${coords}'${mode === 'nearest' ? ` and nearest_mode '${rounding}'` : ''}`);
}

/** Output height and width from `sizes`, else from `scales` (input 2, input 1 in opset 10 and Upsample). */
function outputSize(node: OnnxNode, shape: number[], inputs: ReadonlyArray<Value | undefined>, older: boolean): [number, number] {
  const hostValues = (v: Value | undefined): number[] | undefined => (v !== undefined && isHost(v) && v.size > 0 ? v.numbers() : undefined);
  const sizes = older ? undefined : hostValues(inputs[3]);
  if (sizes) return [sizes[2], sizes[3]];
  const scales = hostValues(older ? inputs[1] : inputs[2]) ?? attrFloats(node, 'scales');
  if (!scales) throw unsupported(node, 'a resize whose scales or sizes are computed from data');
  if (scales[0] !== 1 || scales[1] !== 1) throw unsupported(node, 'resizing the batch or channel axis');
  return [Math.floor(shape[2] * scales[2]), Math.floor(shape[3] * scales[3])];
}

export const RESIZE_OPS: Record<string, OpDef> = {
  Resize: resizeOp(false),
  Upsample: resizeOp(true),
};
