/**
 * From per-item scores to what the report states: per condition x method x threshold the mean of each score
 * with its bootstrap interval, and per threshold a paired comparison with the baseline threshold on IoU.
 */
import { bootstrapMeanInterval, type BootstrapOptions, type ConfidenceInterval } from '../stats/bootstrap.js';
import { comparePaired, type PairedComparison } from '../stats/paired-comparison.js';
import { LOCALISATION_METRICS, type LocalisationMetric } from './localisation-scores.js';
import type { ItemScores } from './run-evaluation.js';

/** The pseudo-condition pooling every item, reported when there is more than one condition. */
export const ALL_CONDITIONS = 'all';

export type SummaryMetric = LocalisationMetric | 'coverage';
const SUMMARY_METRICS: SummaryMetric[] = [...LOCALISATION_METRICS, 'coverage'];

export interface GroupSummary {
  condition: string;
  method: string;
  threshold: string;
  n: number;
  metrics: Record<SummaryMetric, ConfidenceInterval>;
}

export interface ThresholdComparison extends PairedComparison {
  condition: string;
  method: string;
  metric: LocalisationMetric;
  /** The threshold compared ... */
  threshold: string;
  /** ... with this one, on the same items: differences are threshold - baseline. */
  baseline: string;
}

export interface Grouping {
  conditions: string[];
  methods: string[];
  thresholds: string[];
}

/** The conditions a report breaks results down by: each one, and all pooled when there are several. */
export function reportedConditions(conditions: string[]): string[] {
  return conditions.length > 1 ? [...conditions, ALL_CONDITIONS] : conditions;
}

export function summariseGroups(scores: ItemScores[], grouping: Grouping, bootstrap: BootstrapOptions): GroupSummary[] {
  const out: GroupSummary[] = [];
  for (const condition of reportedConditions(grouping.conditions)) {
    for (const method of grouping.methods) {
      for (const threshold of grouping.thresholds) {
        const rows = select(scores, condition, method, threshold);
        if (rows.length === 0) continue;
        const metrics = Object.fromEntries(
          SUMMARY_METRICS.map((m) => [m, bootstrapMeanInterval(rows.map((r) => r[m]), bootstrap)]),
        ) as Record<SummaryMetric, ConfidenceInterval>;
        out.push({ condition, method, threshold, n: rows.length, metrics });
      }
    }
  }
  return out;
}

/** Each threshold against the baseline on the same items (paired by item), for one metric. */
export function compareWithBaseline(
  scores: ItemScores[],
  grouping: Grouping,
  baseline: string,
  metric: LocalisationMetric,
  bootstrap: BootstrapOptions,
): ThresholdComparison[] {
  const out: ThresholdComparison[] = [];
  for (const condition of reportedConditions(grouping.conditions)) {
    for (const method of grouping.methods) {
      const base = new Map(select(scores, condition, method, baseline).map((r) => [r.item, r[metric]]));
      if (base.size < 2) continue;
      for (const threshold of grouping.thresholds.filter((t) => t !== baseline)) {
        const rows = select(scores, condition, method, threshold).filter((r) => base.has(r.item));
        const a = rows.map((r) => r[metric]);
        const b = rows.map((r) => base.get(r.item) as number);
        out.push({ condition, method, metric, threshold, baseline, ...comparePaired(a, b, bootstrap) });
      }
    }
  }
  return out;
}

function select(scores: ItemScores[], condition: string, method: string, threshold: string): ItemScores[] {
  return scores.filter((s) => (condition === ALL_CONDITIONS || s.condition === condition) && s.method === method && s.threshold === threshold);
}
