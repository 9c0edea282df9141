import { UsageError } from '../errors.js';
import { CAM_METHODS } from './cam/methods.js';
import { GRADIENT_METHODS } from './gradient/index.js';
import { PERTURBATION_METHODS } from './perturbation/index.js';
import type { Method } from './method.js';

/** Every method `explain()` and `litecam explain --method` accept, by name. */
export const METHODS: ReadonlyMap<string, Method> = new Map(
  [...CAM_METHODS, ...PERTURBATION_METHODS, ...GRADIENT_METHODS].map((m) => [m.name, m]),
);

export const DEFAULT_METHOD = 'gradcam';

export function methodNamed(name: string): Method {
  const method = METHODS.get(name);
  if (!method) throw new UsageError(`unknown method '${name}'; methods are: ${[...METHODS.keys()].join(', ')}`);
  return method;
}
