import type { TopLevelSpec } from 'vega-lite';
import type { GroupSummary, SummaryMetric } from '../run/aggregate.js';
import type { PrecisionRecallSummary } from '../run/precision-recall.js';
import { formatScore } from './format.js';

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
  boundaryF1: 'boundary F1',
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

/** Square, as precision-recall plots are drawn, and large enough to tell five curves apart. */
const CURVE_SIDE = 320;
/** Room for 'multiObject (AUPR 0.123)' in full; Vega-Lite cuts legend labels at 160 pixels by default. */
const LEGEND_LABEL_LIMIT = 240;

/** The name a curve carries in the legend: its condition and AUPR, so the chart reads without the table. */
function curveName(p: PrecisionRecallSummary): string {
  return `${p.condition} (AUPR ${formatScore(p.aupr.mean)})`;
}

/**
 * One method's mean precision-recall curve per condition (the map as a per-pixel score for the mask, every
 * cutoff at once), with the evaluated thresholds marked at their mean recall and precision.
 */
export function precisionRecallChart(curves: PrecisionRecallSummary[], summary: GroupSummary[], method: string, title: string): TopLevelSpec {
  const ofMethod = curves.filter((p) => p.method === method);
  const names = new Map(ofMethod.map((p) => [p.condition, curveName(p)]));
  const lines = ofMethod.flatMap((p) => p.recall.map((recall, i) => ({ curve: curveName(p), recall, precision: p.precision[i] })));
  const points = summary
    .filter((g) => g.method === method && names.has(g.condition))
    .map((g) => ({ curve: names.get(g.condition), threshold: g.threshold, recall: g.metrics.recall.mean, precision: g.metrics.precision.mean }));
  const color = { field: 'curve', type: 'nominal' as const, sort: [...names.values()], title: 'condition', legend: { labelLimit: LEGEND_LABEL_LIMIT } };
  const x = { field: 'recall', type: 'quantitative' as const, scale: { domain: [0, 1] }, title: 'recall' };
  const y = { field: 'precision', type: 'quantitative' as const, scale: { domain: [0, 1] }, title: 'precision' };
  return {
    title,
    width: CURVE_SIDE,
    height: CURVE_SIDE,
    layer: [
      { data: { values: lines }, mark: 'line', encoding: { x, y, color } },
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 60 },
        encoding: { x, y, color, shape: { field: 'threshold', type: 'nominal', sort: [...new Set(points.map((p) => p.threshold))] } },
      },
    ],
  };
}
