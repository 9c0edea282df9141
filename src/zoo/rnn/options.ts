import { UsageError } from '../../errors.js';

/** What every recurrent zoo model is built with; inputs are [T, F] sequences (batch axis first). */
export interface RnnZooOptions {
  /** Time steps T of one input sequence. */
  steps?: number;
  /** Features F per time step. */
  features?: number;
  /** Hidden units of each recurrent layer. */
  units?: number;
  /** Outputs of the final Dense layer: classes for a classifier, predicted values for a regressor. */
  outputs?: number;
  /** Base seed of the random initialisation; each layer derives its own seed from it. */
  seed?: number;
}

export type ResolvedRnnZooOptions = Required<RnnZooOptions>;

/**
 * The shape of the project's reference ONNX LSTM (lstm_random.onnx: [N, 50, 8] in, 32 hidden units, 4
 * classes out), so a zoo model and that file can be explained side by side.
 */
export const RNN_ZOO_DEFAULTS: ResolvedRnnZooOptions = { steps: 50, features: 8, units: 32, outputs: 4, seed: 0 };

function requireInteger(option: string, value: number, min: number, model: string): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`${model}: ${option} must be an integer >= ${min}; got ${String(value)}`);
  }
  return value;
}

/** Fills in the defaults and checks every size; anything not a positive integer is a UsageError. */
export function resolveRnnZooOptions(options: RnnZooOptions, model: string): ResolvedRnnZooOptions {
  const merged = { ...RNN_ZOO_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  return {
    steps: requireInteger('steps', merged.steps, 1, model),
    features: requireInteger('features', merged.features, 1, model),
    units: requireInteger('units', merged.units, 1, model),
    outputs: requireInteger('outputs', merged.outputs, 1, model),
    seed: requireInteger('seed', merged.seed, 0, model),
  };
}
