import type { Method } from '../method.js';
import { limeMethod } from './lime.js';
import { occlusionMethod } from './occlusion.js';
import { riseMethod } from './rise.js';

/** Perturbation baselines: forward passes only, so they run on every engine. */
export const PERTURBATION_METHODS: Method[] = [limeMethod(), riseMethod(), occlusionMethod()];
