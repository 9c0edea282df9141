/**
 * Grad-CAM — Selvaraju et al., "Grad-CAM: Visual Explanations from Deep Networks via Gradient-based
 * Localization", ICCV 2017. Channel weight = the spatial mean of the score's gradient (Eq. 1).
 */
import type { ChannelWeights } from './cam-core.js';

export const gradCamWeights: ChannelWeights = (_activations, grads) => grads.spatialMean();
