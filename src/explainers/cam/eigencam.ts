/**
 * Eigen-CAM — Muhammad & Yeasin, "Eigen-CAM: Class Activation Map using Principal Components", IJCNN
 * 2020. The map is the projection of the layer's activations (as a [positions, channels] matrix) on their
 * first principal component (Eq. 5). Centring the channels first and fixing the component's sign follow
 * pytorch-grad-cam's get_2d_projection; see principal-projection.ts. Class-agnostic: every target of an
 * image gets the same map, and no gradient is taken.
 * Stages: forwardMs the body, gradientMs 0, camMs the power iteration and projection.
 */
import type { CamFormula } from './cam-core.js';
import { firstComponentProjection } from './principal-projection.js';

export const eigenCam: CamFormula = (activations, _grads, channelAxis) => firstComponentProjection(activations, channelAxis);
