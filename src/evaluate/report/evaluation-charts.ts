import type { TopLevelSpec } from 'vega-lite';
import type { GroupSummary, SummaryMetric } from '../run/aggregate.js';

/** Sized so that four conditions and the pooled column fit a laptop screen side by side. */
const PANEL_WIDTH = 130;
const PANEL_HEIGHT = 160;
/** Dark whiskers stay visible on every bar colour. */
const ERROR_BAR = { type: 'errorbar', ticks: true, color: '#222' } as const;

const METRIC_TITLES: Record<SummaryMetric, string> = {
  iou: 'IoU',
  dice: 'Dice',
  precision: 'precision',
  recall: 'recall',
  pointing: 'pointing-game hits',
  coverage: 'coverage',
};

interface Bar {
  condition: string;
  method: string;
  threshold: string;
  mean: number;
  lower: number;
  upper: number;
}

function bars(summary: GroupSummary[], metric: SummaryMetric): Bar[] {
  return summary.map((g) => ({ condition: g.condition, method: g.method, threshold: g.threshold, ...g.metrics[metric] }));
}

/** Bars of a score's mean per threshold, one panel per condition, with the bootstrap interval as error bars. */
export function scoreByThresholdChart(summary: GroupSummary[], metric: SummaryMetric, method: string, title: string): TopLevelSpec {
  const thresholds = [...new Set(summary.map((g) => g.threshold))];
  const conditions = [...new Set(summary.map((g) => g.condition))];
  const x = { field: 'threshold', type: 'nominal' as const, sort: thresholds, title: null };
  const yTitle = `mean ${METRIC_TITLES[metric]}`;
  return {
    title,
    data: { values: bars(summary.filter((g) => g.method === method), metric) },
    facet: { column: { field: 'condition', type: 'nominal', sort: conditions, title: null } },
    spec: {
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT,
      layer: [
        {
          mark: 'bar',
          encoding: {
            x,
            y: { field: 'mean', type: 'quantitative', scale: { domain: [0, 1] }, title: yTitle },
            color: { field: 'threshold', type: 'nominal', sort: thresholds, legend: null },
          },
        },
        {
          mark: ERROR_BAR,
          encoding: { x, y: { field: 'lower', type: 'quantitative', title: yTitle }, y2: { field: 'upper' } },
        },
      ],
    },
  };
}

/** The pointing game's hit rate per condition and method (a threshold does not move a map's maximum). */
export function pointingChart(summary: GroupSummary[], threshold: string): TopLevelSpec {
  const methods = [...new Set(summary.map((g) => g.method))];
  const conditions = [...new Set(summary.map((g) => g.condition))];
  const x = { field: 'condition', type: 'nominal' as const, sort: conditions, title: null };
  const xOffset = { field: 'method', type: 'nominal' as const, sort: methods };
  return {
    title: 'Pointing game: maps whose maximum lies on the object',
    width: Math.max(PANEL_WIDTH, 40 * conditions.length * methods.length),
    height: PANEL_HEIGHT,
    data: { values: bars(summary.filter((g) => g.threshold === threshold), 'pointing') },
    layer: [
      {
        mark: 'bar',
        encoding: {
          x,
          xOffset,
          y: { field: 'mean', type: 'quantitative', scale: { domain: [0, 1] }, title: 'hit rate' },
          color: { field: 'method', type: 'nominal', sort: methods, legend: methods.length > 1 ? {} : null },
        },
      },
      {
        mark: ERROR_BAR,
        encoding: { x, xOffset, y: { field: 'lower', type: 'quantitative', title: 'hit rate' }, y2: { field: 'upper' } },
      },
    ],
  };
}
