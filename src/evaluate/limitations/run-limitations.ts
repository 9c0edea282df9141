/**
 * The thresholding-limitations study (the lightweight Grad-CAM paper's thresholding_limitations_demo, done
 * per model family on synthetic ground truth): for every explained input, each threshold's kept set is
 * scored for what it loses as it tightens, then the adaptive strategies and the universal explainer's
 * structured simplification are scored on the same maps.
 *
 * Per kept set: coverage (share of the map kept), energy (share of the map's mass kept), recall and
 * precision against the planted evidence, the drop of the class probability when everything else is
 * deleted, and the number of separate fragments. Means over the inputs, per family and strategy.
 */
import type { HybridRule } from '../../attribution/threshold/hybrid.js';
import { UsageError } from '../../errors.js';
import { BENCHMARK_SEED } from '../run/benchmark-items.js';
import { FAMILY_NAMES, LIMITATION_FAMILIES } from './families/index.js';
import { fragmentCount } from './fragments.js';
import type { FamilyDescription, LimitationCase } from './limitation-case.js';
import {
  ADAPTIVE_STRATEGIES,
  MULTILEVEL_OUTER_PERCENT,
  STRUCTURED_STRATEGY,
  SWEEP_PERCENTS,
  sweepStrategies,
  type KeptSet,
  type StrategyGroup,
  type StudyStrategy,
} from './strategies.js';

export interface LimitationsOptions {
  /** Family names (see FAMILY_NAMES); default all. */
  families?: readonly string[];
  /** Inputs explained per family. */
  scenes?: number;
  seed?: number;
  /** Called after each input with the family name and how many of its inputs are done. */
  onCase?: (family: string, done: number) => void;
}

/** 30 inputs per family: the default run of every family takes about 25 s on two shared cores. */
export const LIMITATIONS_DEFAULTS = { scenes: 30, seed: BENCHMARK_SEED } as const;

/** The figures of one kept set. */
export interface KeptFigures {
  coverage: number;
  energy: number;
  recall: number;
  precision: number;
  scoreDrop: number;
  fragments: number;
}

export const FIGURE_NAMES: readonly (keyof KeptFigures)[] = ['coverage', 'energy', 'recall', 'precision', 'scoreDrop', 'fragments'];

export interface StrategySummary extends KeptFigures {
  strategy: string;
  group: StrategyGroup;
}

export interface CaseRecord {
  id: string;
  probability: number;
  /** Per strategy, in the order of the summary. */
  figures: KeptFigures[];
}

export type FamilyStudy =
  | {
      family: string;
      status: 'ok';
      description: FamilyDescription;
      cases: number;
      /** Mean share of the scored units inside the planted evidence: a random kept set's precision. */
      truthShare: number;
      meanProbability: number;
      strategies: StrategySummary[];
      /** How often each part of the hybrid rule decided. */
      hybridRules: Record<HybridRule, number>;
      /** Mean percent the confidence rule kept. */
      confidencePercent: number;
      records: CaseRecord[];
      elapsedMs: number;
    }
  | { family: string; status: 'skipped'; note: string };

export interface LimitationsStudy {
  seed: number;
  scenes: number;
  sweepPercents: readonly number[];
  multilevelOuterPercent: number;
  families: FamilyStudy[];
}

export function resolveFamilies(names: readonly string[]): string[] {
  if (names.length === 0) throw new UsageError(`families: expected a comma-separated list of ${FAMILY_NAMES.join(', ')}`);
  for (const name of names) {
    if (!FAMILY_NAMES.includes(name)) throw new UsageError(`unknown family '${name}'; families are: ${FAMILY_NAMES.join(', ')}`);
  }
  return FAMILY_NAMES.filter((name) => names.includes(name));
}

export async function runLimitations(options: LimitationsOptions = {}): Promise<LimitationsStudy> {
  const scenes = options.scenes ?? LIMITATIONS_DEFAULTS.scenes;
  const seed = options.seed ?? LIMITATIONS_DEFAULTS.seed;
  if (!Number.isSafeInteger(scenes) || scenes < 1) throw new UsageError(`scenes must be a positive integer, got ${scenes}`);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError(`seed must be a non-negative integer, got ${seed}`);
  const names = resolveFamilies(options.families ?? FAMILY_NAMES);
  const strategies = [...sweepStrategies(), ...ADAPTIVE_STRATEGIES, STRUCTURED_STRATEGY];
  const families: FamilyStudy[] = [];
  for (const family of LIMITATION_FAMILIES.filter((f) => names.includes(f.name))) {
    const note = family.unavailable();
    if (note !== null) {
      families.push({ family: family.name, status: 'skipped', note });
      continue;
    }
    const started = performance.now();
    const records: CaseRecord[] = [];
    const hybridRules: Record<HybridRule, number> = { otsu: 0, 'coverage-floor': 0, 'coverage-cap': 0 };
    let truthShare = 0;
    let confidencePercent = 0;
    const description = await family.run(scenes, seed, async (c) => {
      const figures: KeptFigures[] = [];
      for (const strategy of strategies) {
        const kept = strategy.apply(c);
        if (kept.rule) hybridRules[kept.rule]++;
        if (strategy.name === 'confidence') confidencePercent += kept.result.value ?? 0;
        figures.push(await keptFigures(c, kept));
      }
      truthShare += c.truthShare;
      records.push({ id: c.id, probability: c.probability, figures });
      options.onCase?.(family.name, records.length);
    });
    families.push({
      family: family.name,
      status: 'ok',
      description,
      cases: records.length,
      truthShare: truthShare / records.length,
      meanProbability: records.reduce((s, r) => s + r.probability, 0) / records.length,
      strategies: summarise(strategies, records),
      hybridRules,
      confidencePercent: confidencePercent / records.length,
      records,
      elapsedMs: performance.now() - started,
    });
  }
  return { seed, scenes, sweepPercents: SWEEP_PERCENTS, multilevelOuterPercent: MULTILEVEL_OUTER_PERCENT, families };
}

async function keptFigures(c: LimitationCase, { result, kept }: KeptSet): Promise<KeptFigures> {
  const { recall, precision } = c.localise(kept);
  return {
    coverage: result.coverage,
    energy: result.energy,
    recall,
    precision,
    scoreDrop: await c.scoreDrop(kept),
    fragments: fragmentCount(kept, c.attribution.topology),
  };
}

function summarise(strategies: readonly StudyStrategy[], records: readonly CaseRecord[]): StrategySummary[] {
  return strategies.map((s, k) => {
    const mean = (figure: keyof KeptFigures): number => records.reduce((sum, r) => sum + r.figures[k][figure], 0) / records.length;
    const means = Object.fromEntries(FIGURE_NAMES.map((figure) => [figure, mean(figure)])) as unknown as KeptFigures;
    return { strategy: s.name, group: s.group, ...means };
  });
}
