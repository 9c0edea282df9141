import type { Method } from '../method.js';

/** Gradient baselines on the input: they back-propagate through the whole network. */
export const GRADIENT_METHODS: Method[] = [];
