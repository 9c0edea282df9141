import type { Method } from '../method.js';
import { INPUT_X_GRADIENT } from './input-x-gradient.js';
import { integratedGradientsMethod } from './integrated-gradients.js';
import { SALIENCY } from './saliency.js';
import { smoothGradMethod } from './smoothgrad.js';

/** Gradient baselines on the input: they back-propagate through the whole network. */
export const GRADIENT_METHODS: Method[] = [SALIENCY, INPUT_X_GRADIENT, integratedGradientsMethod(), smoothGradMethod()];
