/**
 * Sequences with a planted pattern: exact ground truth for sequence explainers. Each sequence is Gaussian
 * noise except for one interval of `patternLength` steps, placed at random, where the class's pattern is
 * added to one feature. The class is which pattern was planted, so the interval holds all the evidence
 * there is, and an explanation should put its mass there.
 *
 * Pattern c is `c + 1` half-periods of a sine on feature c mod F, of amplitude `amplitude`: classes that
 * share a feature differ by frequency, and every pattern starts and ends at zero, so no edge gives it away.
 */
import { UsageError } from '../errors.js';
import { childSeed, mulberry32, type Random } from './random.js';

export interface PlantedSequenceOptions {
  count: number;
  steps?: number;
  features?: number;
  classes?: number;
  /** Length of the planted interval, in steps. */
  patternLength?: number;
  /** Peak height of a pattern (the noise's standard deviation is `noise`). */
  amplitude?: number;
  /** Standard deviation of the background noise. */
  noise?: number;
  seed?: number;
}

/**
 * 30 steps of 3 features and 3 classes with a 6-step pattern: small enough to train an LSTM in well under
 * a minute on a CPU, and the interval a fifth of the sequence, so a random attribution puts 20% of its
 * mass there and a good one clearly more. Amplitude 1.5 over noise 0.5 keeps single steps ambiguous.
 */
export const PLANTED_SEQUENCE_DEFAULTS: Required<Omit<PlantedSequenceOptions, 'count'>> = {
  steps: 30,
  features: 3,
  classes: 3,
  patternLength: 6,
  amplitude: 1.5,
  noise: 0.5,
  seed: 0,
};

export interface PlantedSequences {
  /** count sequences of [steps, features], row-major, end to end. */
  inputs: Float32Array;
  /** Class of each sequence: which pattern was planted. */
  labels: Int32Array;
  /** First step of each sequence's planted interval; it ends (exclusive) at start + patternLength. */
  starts: Int32Array;
  count: number;
  steps: number;
  features: number;
  classes: number;
  patternLength: number;
}

/** `count` planted sequences, the same for the same options; classes are balanced in turn (0, 1, 2, 0 ...). */
export function plantedSequences(options: PlantedSequenceOptions): PlantedSequences {
  const o = resolve(options);
  const size = o.steps * o.features;
  const inputs = new Float32Array(o.count * size);
  const labels = new Int32Array(o.count);
  const starts = new Int32Array(o.count);
  for (let i = 0; i < o.count; i++) {
    const random = mulberry32(childSeed(o.seed, i));
    const sequence = inputs.subarray(i * size, (i + 1) * size);
    for (let j = 0; j < size; j++) sequence[j] = o.noise * gaussian(random);
    labels[i] = i % o.classes;
    starts[i] = Math.floor(random() * (o.steps - o.patternLength + 1));
    plantPattern(sequence, labels[i], starts[i], o);
  }
  return { inputs, labels, starts, count: o.count, steps: o.steps, features: o.features, classes: o.classes, patternLength: o.patternLength };
}

/** The value pattern `label` adds at offset k of its interval. */
export function patternValue(label: number, k: number, patternLength: number, amplitude: number): number {
  return amplitude * Math.sin(((label + 1) * Math.PI * (k + 0.5)) / patternLength);
}

/**
 * Share of an attribution's positive mass that lies in steps [start, end): the localisation score of a
 * planted interval. Negative values count as no evidence, as in the threshold's energy; 0 for a map with no
 * positive mass. A random attribution scores (end - start) / length on average.
 */
export function plantedMassShare(values: ArrayLike<number>, start: number, end: number): number {
  let inside = 0;
  let total = 0;
  for (let t = 0; t < values.length; t++) {
    const v = Math.max(0, values[t]);
    total += v;
    if (t >= start && t < end) inside += v;
  }
  return total > 0 ? inside / total : 0;
}

function plantPattern(sequence: Float32Array, label: number, start: number, o: Required<PlantedSequenceOptions>): void {
  const feature = label % o.features;
  for (let k = 0; k < o.patternLength; k++) {
    sequence[(start + k) * o.features + feature] += patternValue(label, k, o.patternLength, o.amplitude);
  }
}

/** A standard normal draw (Box–Muller); 1 - u keeps the logarithm's argument in (0, 1]. */
function gaussian(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function resolve(options: PlantedSequenceOptions): Required<PlantedSequenceOptions> {
  const o = { ...PLANTED_SEQUENCE_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as Required<PlantedSequenceOptions>;
  for (const key of ['count', 'steps', 'features', 'classes', 'patternLength'] as const) {
    if (!Number.isSafeInteger(o[key]) || o[key] < 1) throw new UsageError(`planted sequences: ${key} must be a positive integer; got ${o[key]}`);
  }
  if (o.patternLength > o.steps) throw new UsageError(`planted sequences: patternLength must be <= steps (${o.steps}); got ${o.patternLength}`);
  if (!(o.noise >= 0) || !Number.isFinite(o.amplitude)) throw new UsageError(`planted sequences: noise must be >= 0 and amplitude finite; got ${o.noise}, ${o.amplitude}`);
  if (!Number.isSafeInteger(o.seed)) throw new UsageError(`planted sequences: seed must be an integer; got ${o.seed}`);
  return o;
}
