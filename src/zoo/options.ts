import { UsageError } from '../errors.js';

/** What every zoo architecture can be built with. */
export interface ZooOptions {
  /** Side of the square input in pixels. */
  inputSize?: number;
  /** Width of the final Dense layer (logits). */
  numClasses?: number;
  /** Base seed of the random initialisation; each layer derives its own seed from it. */
  seed?: number;
}

export type ResolvedZooOptions = Required<ZooOptions>;

/** ImageNet-1k at 224x224: the setting all four papers report their architectures in. */
export const ZOO_DEFAULTS: ResolvedZooOptions = { inputSize: 224, numClasses: 1000, seed: 0 };

/** Every zoo network halves its input five times; VGG16's 'valid' pools leave nothing of an input under 32 px. */
export const MIN_INPUT_SIZE = 32;

function requireInteger(option: string, value: number, min: number, model: string): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`${model}: ${option} must be an integer >= ${min}; got ${String(value)}`);
  }
  return value;
}

/**
 * Fails on options the architecture does not have, so a typo or a misplaced option is not silently ignored.
 * Options left undefined count as not given.
 */
export function rejectUnknownOptions(options: object, allowed: readonly string[], model: string): void {
  const unknown = Object.entries(options)
    .filter(([key, value]) => value !== undefined && !allowed.includes(key))
    .map(([key]) => key);
  if (unknown.length > 0) {
    throw new UsageError(`${model}: unknown option(s) ${unknown.join(', ')}; it accepts ${allowed.join(', ')}`);
  }
}

export const BASE_OPTION_NAMES: readonly string[] = ['inputSize', 'numClasses', 'seed'];

/** Fills in the defaults and checks the options shared by every architecture. */
export function resolveZooOptions(options: ZooOptions, model: string): ResolvedZooOptions {
  return {
    inputSize: requireInteger('inputSize', options.inputSize ?? ZOO_DEFAULTS.inputSize, MIN_INPUT_SIZE, model),
    numClasses: requireInteger('numClasses', options.numClasses ?? ZOO_DEFAULTS.numClasses, 1, model),
    seed: requireInteger('seed', options.seed ?? ZOO_DEFAULTS.seed, 0, model),
  };
}
