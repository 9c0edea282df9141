import type { GroupSummary, ThresholdComparison } from '../run/aggregate.js';
import type { PrecisionRecallSummary } from '../run/precision-recall.js';
import { formatInterval, formatPValue, formatScore, formatStatistic } from './format.js';
import type { Table } from './table.js';

/** Mean [95% CI] of every score per condition, method and threshold: the ground-truth comparison. */
export function summaryTable(summary: GroupSummary[]): Table {
  return {
    columns: [
      { title: 'condition' },
      { title: 'method' },
      { title: 'threshold' },
      { title: 'n', align: 'right' },
      { title: 'IoU', align: 'right' },
      { title: 'Dice', align: 'right' },
      { title: 'precision', align: 'right' },
      { title: 'recall', align: 'right' },
      { title: 'boundary F1', align: 'right' },
      { title: 'pointing game', align: 'right' },
      { title: 'coverage', align: 'right' },
    ],
    rows: summary.map((g) => [
      g.condition,
      g.method,
      g.threshold,
      String(g.n),
      formatInterval(g.metrics.iou),
      formatInterval(g.metrics.dice),
      formatInterval(g.metrics.precision),
      formatInterval(g.metrics.recall),
      formatInterval(g.metrics.boundaryF1),
      formatInterval(g.metrics.pointing),
      formatScore(g.metrics.coverage.mean),
    ]),
  };
}

/** Mean IoU per condition (rows) and threshold (columns) for one method: the headline of a run. */
export function iouOverviewTable(summary: GroupSummary[], method: string, thresholds: string[]): Table {
  const conditions = [...new Set(summary.filter((g) => g.method === method).map((g) => g.condition))];
  const at = (condition: string, threshold: string) => summary.find((g) => g.method === method && g.condition === condition && g.threshold === threshold);
  return {
    columns: [{ title: `${method}: IoU` }, ...thresholds.map((t) => ({ title: t, align: 'right' as const }))],
    rows: conditions.map((c) => [c, ...thresholds.map((t) => {
      const g = at(c, t);
      return g ? formatInterval(g.metrics.iou) : '–';
    })]),
  };
}

/** Each threshold against the baseline: mean difference [95% CI], both tests and the effect size. */
export function comparisonTable(comparisons: ThresholdComparison[]): Table {
  return {
    columns: [
      { title: 'condition' },
      { title: 'method' },
      { title: 'threshold vs baseline' },
      { title: 'n', align: 'right' },
      { title: 'Δ mean [95% CI]', align: 'right' },
      { title: 't (df)', align: 'right' },
      { title: 'p (t-test)', align: 'right' },
      { title: 'W+', align: 'right' },
      { title: 'p (Wilcoxon)', align: 'right' },
      { title: "Cohen's d_z", align: 'right' },
    ],
    rows: comparisons.map((c) => [
      c.condition,
      c.method,
      `${c.threshold} vs ${c.baseline}`,
      String(c.n),
      formatInterval(c.difference),
      `${formatStatistic(c.tTest.statistic)} (${c.tTest.df})`,
      formatPValue(c.tTest.pValue),
      String(c.wilcoxon.statistic),
      formatPValue(c.wilcoxon.pValue),
      formatStatistic(c.cohensDz),
    ]),
  };
}

/** Mean average precision [95% CI] per condition and method: how well maps rank object pixels, at no threshold. */
export function averagePrecisionTable(curves: PrecisionRecallSummary[]): Table {
  return {
    columns: [{ title: 'condition' }, { title: 'method' }, { title: 'n', align: 'right' }, { title: 'AUPR', align: 'right' }],
    rows: curves.map((p) => [p.condition, p.method, String(p.n), formatInterval(p.aupr)]),
  };
}
