/**
 * Topology-aware simplification of a per-step map: intervals, not isolated steps. Evidence in a sequence
 * lasts (a pattern, an event), so the dynamic threshold's kept steps are joined across gaps shorter than
 * `gap` steps, runs shorter than `minLength` are dropped, and the strongest intervals (by mass) are kept
 * until the coverage floor holds. Intervals short of the floor widen best-first, one step to the left or
 * right of a kept interval at a time, so what is kept stays a few whole intervals.
 */
import { dynamicThreshold } from '../../attribution/threshold/dynamic.js';
import { UsageError } from '../../errors.js';
import { growBestFirst } from './best-first.js';
import { floorCount, resolveMinCoverage } from './coverage-floor.js';
import { keptResult, maskOf, percent } from './kept-result.js';
import type { CoverageOptions, Simplified } from './types.js';

export interface SequenceSimplifyOptions extends CoverageOptions {
  /** Gaps of fewer unkept steps between two kept runs are closed; default from SEQUENCE_SIMPLIFY_DEFAULTS. */
  gap?: number;
  /** Runs of fewer steps are dropped; default from SEQUENCE_SIMPLIFY_DEFAULTS. */
  minLength?: number;
  step?: number;
  maxThreshold?: number;
}

/**
 * Both lengths are 5% of the sequence and at least 2 steps: a single unkept step inside evidence is noise
 * in the attribution, a single kept step alone is a spike, whatever the length; beyond that they scale with
 * the sequence (3 steps at 50, the reference ONNX LSTM's length).
 */
export const SEQUENCE_SIMPLIFY_DEFAULTS = { lengthShare: 0.05, minSteps: 2 } as const;

/** A run of kept steps, [start, end). */
export interface Interval {
  start: number;
  end: number;
  mass: number;
}

export function simplifySequence(values: ArrayLike<number>, options: SequenceSimplifyOptions = {}): Simplified {
  const n = values.length;
  if (n === 0) throw new UsageError('sequence simplification: the map has no steps');
  const minCoverage = resolveMinCoverage(options.minCoverage);
  const scaled = Math.max(SEQUENCE_SIMPLIFY_DEFAULTS.minSteps, Math.round(SEQUENCE_SIMPLIFY_DEFAULTS.lengthShare * n));
  const gap = checkLength('gap', options.gap ?? scaled);
  const minLength = checkLength('minLength', options.minLength ?? scaled);
  const seed = dynamicThreshold(values, { minCoverage, step: options.step, maxThreshold: options.maxThreshold });
  const kept = maskOf(seed);
  if (seed.energy === 0) {
    return {
      threshold: keptResult(values, kept, 'intervals', minCoverage, 0),
      kept,
      structure: { kind: 'intervals', count: 0, description: `no positive evidence in ${n} steps` },
      coherence: 0,
    };
  }
  closeGaps(kept, gap);
  const runs = intervalsOf(values, kept);
  const long = runs.filter((r) => r.end - r.start >= minLength);
  const ranked = (long.length > 0 ? long : runs).sort((a, b) => b.mass - a.mass || a.start - b.start);
  const needed = floorCount(minCoverage, n);
  kept.fill(0);
  let count = 0;
  for (const r of ranked) {
    if (count >= needed) break;
    kept.fill(1, r.start, r.end);
    count += r.end - r.start;
  }
  if (count < needed) {
    growBestFirst(values, kept, needed, (i, visit) => {
      if (i > 0) visit(i - 1);
      if (i < n - 1) visit(i + 1);
    });
  }
  const final = intervalsOf(values, kept);
  const threshold = keptResult(values, kept, 'intervals', minCoverage, seed.cutoff);
  const keptMass = final.reduce((s, r) => s + r.mass, 0);
  const strongest = final.reduce((best, r) => (r.mass > best.mass ? r : best), final[0]);
  const listed = final.slice(0, 4).map((r) => (r.end - r.start === 1 ? `${r.start}` : `${r.start}\u2013${r.end - 1}`));
  return {
    threshold,
    kept,
    structure: {
      kind: 'intervals',
      count: final.length,
      description:
        `step${final.length === 1 && final[0].end - final[0].start === 1 ? '' : 's'} ${listed.join(', ')}${final.length > 4 ? ', ...' : ''} ` +
        `keep ${percent(threshold.energy)} of the mass in ${percent(threshold.coverage)} of ${n} steps`,
    },
    coherence: keptMass > 0 ? strongest.mass / keptMass : 0,
  };
}

function checkLength(name: string, value: number): number {
  if (!(Number.isSafeInteger(value) && value >= 1)) throw new UsageError(`${name} must be an integer >= 1, got ${value}`);
  return value;
}

/** Sets the steps of every unkept run shorter than `gap` that has kept steps on both sides. */
export function closeGaps(kept: Uint8Array, gap: number): void {
  let lastKept = -1;
  for (let t = 0; t < kept.length; t++) {
    if (kept[t] === 0) continue;
    const hole = t - lastKept - 1;
    if (lastKept >= 0 && hole > 0 && hole < gap) kept.fill(1, lastKept + 1, t);
    lastKept = t;
  }
}

/** The runs of kept steps, in order, with the positive mass each holds. */
export function intervalsOf(values: ArrayLike<number>, kept: Uint8Array): Interval[] {
  const runs: Interval[] = [];
  let t = 0;
  while (t < kept.length) {
    if (kept[t] === 0) {
      t++;
      continue;
    }
    const start = t;
    let mass = 0;
    while (t < kept.length && kept[t] === 1) {
      if (values[t] > 0) mass += values[t];
      t++;
    }
    runs.push({ start, end: t, mass });
  }
  return runs;
}
