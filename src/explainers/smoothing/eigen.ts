/**
 * Eigen smoothing (pytorch-grad-cam's `eigen_smooth`): where a CAM method sums its weighted activations over
 * the channels, take instead their projection on the first principal component (base_cam.py's
 * get_cam_image with get_2d_projection), which keeps the dominant pattern and drops the noise of the rest.
 * The weighted activations are the ones each method would sum: A x w for channel-weight methods, g x A for
 * HiResCAM, relu(g) x A for LayerCAM. Eigen-CAM and EigenGrad-CAM already are such projections and stay as
 * they are. Score-CAM computes its weights outside the shared CAM routine and has no eigen form here.
 * Stages as the method's, with the power iteration in camMs.
 */
import * as tf from '@tensorflow/tfjs';
import { UsageError } from '../../errors.js';
import { ablationCamWeights } from '../cam/ablationcam.js';
import type { CamFormula, ChannelWeights } from '../cam/cam-core.js';
import { gradCamPlusPlusWeights } from '../cam/gradcam-plus-plus.js';
import { gradCamWeights } from '../cam/gradcam.js';
import { camMethod } from '../cam/methods.js';
import { firstComponentProjection } from '../cam/principal-projection.js';
import { xGradCamWeights } from '../cam/xgradcam.js';
import type { Method } from '../method.js';

/** The field [M, ...activations] whose channel sum is the method's map. */
type WeightedActivations = (...args: Parameters<CamFormula>) => tf.Tensor4D;

/** A x w, the weights broadcast over space. */
function channelWeighted(weights: ChannelWeights): WeightedActivations {
  return (activations, grads, channelAxis, probe) => {
    const w = weights(activations, grads, channelAxis, probe);
    const [m, c] = w.shape;
    return tf.mul(activations, w.reshape(channelAxis === 3 ? [m, 1, 1, c] : [m, c, 1, 1]));
  };
}

const WEIGHTED_ACTIVATIONS: ReadonlyMap<string, WeightedActivations> = new Map([
  ['gradcam', channelWeighted(gradCamWeights)],
  ['gradcam++', channelWeighted(gradCamPlusPlusWeights)],
  ['xgradcam', channelWeighted(xGradCamWeights)],
  ['ablationcam', channelWeighted(ablationCamWeights)],
  ['hirescam', (activations, grads) => tf.mul(grads.full(), activations)],
  ['layercam', (activations, grads) => tf.mul(tf.relu(grads.full()), activations)],
  ['eigengradcam', (activations, grads) => tf.mul(grads.full(), activations)],
  ['eigencam', (activations) => activations],
]);

/** The eigen-smoothed form of a CAM method; a UsageError for methods that have none. */
export function eigenSmoothed(method: Method): Method {
  if (method.family !== 'cam') throw new UsageError(`eigen smoothing needs a CAM method; '${method.name}' is a ${method.family} method`);
  const weighted = WEIGHTED_ACTIVATIONS.get(method.name);
  if (!weighted) {
    throw new UsageError(`eigen smoothing is not available for '${method.name}'; it is for ${[...WEIGHTED_ACTIVATIONS.keys()].join(', ')}`);
  }
  return camMethod(method.name, `${method.description}; eigen-smoothed`, (activations, grads, channelAxis, probe) =>
    firstComponentProjection(weighted(activations, grads, channelAxis, probe), channelAxis),
  );
}
