import { UsageError } from '../../errors.js';

/** One multivariate sequence, row-major [T, F]: values[t * features + f] is feature f at step t. */
export interface SequenceInput {
  values: Float32Array;
  steps: number;
  features: number;
}

/** Checks the sizes agree and every value is finite, so a bad input fails before any model runs. */
export function requireSequence(input: SequenceInput): SequenceInput {
  const { values, steps, features } = input;
  if (!Number.isSafeInteger(steps) || steps < 1 || !Number.isSafeInteger(features) || features < 1) {
    throw new UsageError(`sequence: steps and features must be positive integers; got ${steps} x ${features}`);
  }
  if (values.length !== steps * features) {
    throw new UsageError(`sequence: expected ${steps} x ${features} = ${steps * features} values; got ${values.length}`);
  }
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new UsageError(`sequence: value at step ${Math.floor(bad / features)}, feature ${bad % features} is ${values[bad]}`);
  return input;
}
