/**
 * Grad-CAM — Selvaraju et al., "Grad-CAM: Visual Explanations from Deep Networks via Gradient-based
 * Localization", ICCV 2017. Channel weight = the spatial mean of the score's gradient (Eq. 1).
 * Stages: forwardMs the body, gradientMs the head gradient's spatial mean (closed form for pooled-linear
 * heads), camMs the weighted channel sum.
 */
import type { ChannelWeights } from './cam-core.js';

export const gradCamWeights: ChannelWeights = (_activations, grads) => grads.spatialMean();
