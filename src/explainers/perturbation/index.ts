import type { Method } from '../method.js';

/** Perturbation baselines: forward passes only, so they run on every engine. */
export const PERTURBATION_METHODS: Method[] = [];
