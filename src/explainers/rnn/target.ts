import { UsageError } from '../../errors.js';

/** The index of the largest output: the predicted class (or, for a single-output regressor, 0). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** The output to explain: the one asked for, checked against the output count, else the predicted class. */
export function resolveTarget(requested: number | undefined, outputs: ArrayLike<number>): number {
  if (requested === undefined) return argmax(outputs);
  if (!Number.isInteger(requested) || requested < 0 || requested >= outputs.length) {
    throw new UsageError(`target must be an output index in 0..${outputs.length - 1}; got ${requested}`);
  }
  return requested;
}
