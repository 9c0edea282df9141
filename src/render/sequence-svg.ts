/**
 * A multivariate sequence as an SVG line plot: one polyline per feature (or per most important feature),
 * with the time intervals a threshold kept shaded behind them. Plain strings only, so it runs anywhere.
 */
import { schemeTableau10 } from 'd3-scale-chromatic';
import type { ThresholdResult } from '../attribution/types.js';
import { UsageError } from '../errors.js';

export interface SequencePlotData {
  /** The input sequence, row-major [steps, features]. */
  series: Float32Array;
  steps: number;
  features: number;
  /** A threshold applied to the per-step attribution; the steps it kept (non-zero values) are shaded. */
  threshold?: ThresholdResult;
  /** Importance per step and feature, [steps, features]: ranks features for `topFeatures`. */
  featureImportance?: Float32Array;
}

export interface SequencePlotOptions {
  width: number;
  height: number;
  /** Plot at most this many features: those with the most absolute importance, else the first ones. */
  topFeatures: number;
  featureNames?: string[];
  title?: string;
}

/** Ten lines at most by default: Tableau 10 (the palette the lines take) has ten colours, so none repeats. */
export const SEQUENCE_PLOT_DEFAULTS: SequencePlotOptions = { width: 640, height: 240, topFeatures: schemeTableau10.length };

const MARGIN = { left: 40, right: 110, top: 28, bottom: 24 };
const INTERVAL_FILL = '#f4a261';
const INTERVAL_OPACITY = 0.35;
const FONT = 'font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12"';

export function sequenceSvg(data: SequencePlotData, options: Partial<SequencePlotOptions> = {}): string {
  const o = { ...SEQUENCE_PLOT_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as SequencePlotOptions;
  checkData(data, o);
  const plotWidth = o.width - MARGIN.left - MARGIN.right;
  const plotHeight = o.height - MARGIN.top - MARGIN.bottom;
  const band = plotWidth / data.steps;
  const xOf = (t: number): number => MARGIN.left + (t + 0.5) * band;
  const shown = rankedFeatures(data).slice(0, o.topFeatures);
  const [low, high] = valueRange(data, shown);
  const yOf = (v: number): number => MARGIN.top + ((high - v) / (high - low)) * plotHeight;

  const intervals = data.threshold ? keptIntervals(data.threshold.values) : [];
  const shading = intervals.map(([start, end]) =>
    `<rect class="interval" x="${fmt(MARGIN.left + start * band)}" y="${MARGIN.top}" width="${fmt((end - start) * band)}" height="${plotHeight}" ` +
    `fill="${INTERVAL_FILL}" fill-opacity="${INTERVAL_OPACITY}"><title>steps ${start}\u2013${end - 1}</title></rect>`);
  const lines = shown.map((f, i) => {
    const colour = schemeTableau10[i % schemeTableau10.length];
    const points = Array.from({ length: data.steps }, (_, t) => `${fmt(xOf(t))},${fmt(yOf(data.series[t * data.features + f]))}`);
    const name = escapeXml(o.featureNames?.[f] ?? `feature ${f}`);
    const legendY = MARGIN.top + 8 + i * 16;
    return (
      `<polyline class="series" data-feature="${f}" points="${points.join(' ')}" fill="none" stroke="${colour}" stroke-width="1.5"/>` +
      `<text class="legend" x="${o.width - MARGIN.right + 10}" y="${legendY}" fill="${colour}" ${FONT}>${name}</text>`
    );
  });
  const axes =
    `<line class="axis" x1="${MARGIN.left}" y1="${MARGIN.top + plotHeight}" x2="${MARGIN.left + plotWidth}" y2="${MARGIN.top + plotHeight}" stroke="#444"/>` +
    `<line class="axis" x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${MARGIN.top + plotHeight}" stroke="#444"/>` +
    `<text x="${MARGIN.left}" y="${o.height - 6}" ${FONT}>0</text>` +
    `<text x="${MARGIN.left + plotWidth}" y="${o.height - 6}" text-anchor="end" ${FONT}>${data.steps - 1}</text>` +
    `<text x="${MARGIN.left - 4}" y="${MARGIN.top + 4}" text-anchor="end" ${FONT}>${fmt(high)}</text>` +
    `<text x="${MARGIN.left - 4}" y="${MARGIN.top + plotHeight}" text-anchor="end" ${FONT}>${fmt(low)}</text>`;
  const title = o.title ? `<text class="title" x="${MARGIN.left}" y="18" ${FONT}>${escapeXml(o.title)}</text>` : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${o.width}" height="${o.height}" viewBox="0 0 ${o.width} ${o.height}">` +
    `<rect width="100%" height="100%" fill="#ffffff"/>${title}${shading.join('')}${axes}${lines.join('')}</svg>`
  );
}

/** Runs of consecutive non-zero entries as [start, end) pairs, in order: the intervals a threshold kept. */
export function keptIntervals(kept: ArrayLike<number>): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let start = -1;
  for (let t = 0; t <= kept.length; t++) {
    const on = t < kept.length && kept[t] !== 0;
    if (on && start < 0) start = t;
    if (!on && start >= 0) {
      runs.push([start, t]);
      start = -1;
    }
  }
  return runs;
}

/** Feature indices, most absolute importance first (ties and no importance: index order). */
function rankedFeatures({ features, steps, featureImportance }: SequencePlotData): number[] {
  const order = Array.from({ length: features }, (_, f) => f);
  if (!featureImportance) return order;
  const mass = order.map((f) => {
    let sum = 0;
    for (let t = 0; t < steps; t++) sum += Math.abs(featureImportance[t * features + f]);
    return sum;
  });
  return order.sort((a, b) => mass[b] - mass[a] || a - b);
}

/** Smallest and largest plotted value; a flat series gets a unit range around its value so it is drawn mid-plot. */
function valueRange({ series, steps, features }: SequencePlotData, shown: number[]): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (let t = 0; t < steps; t++) {
    for (const f of shown) {
      low = Math.min(low, series[t * features + f]);
      high = Math.max(high, series[t * features + f]);
    }
  }
  return high > low ? [low, high] : [low - 1, high + 1];
}

function checkData(data: SequencePlotData, o: SequencePlotOptions): void {
  const size = data.steps * data.features;
  if (!(data.steps >= 1 && data.features >= 1) || data.series.length !== size) {
    throw new UsageError(`sequence plot: expected ${data.steps} x ${data.features} = ${size} values; got ${data.series.length}`);
  }
  if (data.threshold && data.threshold.values.length !== data.steps) {
    throw new UsageError(`sequence plot: threshold must have one value per step (${data.steps}); got ${data.threshold.values.length}`);
  }
  if (data.featureImportance && data.featureImportance.length !== size) {
    throw new UsageError(`sequence plot: feature importance must be ${data.steps} x ${data.features}; got ${data.featureImportance.length} values`);
  }
  if (!Number.isSafeInteger(o.topFeatures) || o.topFeatures < 1) throw new UsageError(`sequence plot: topFeatures must be a positive integer; got ${o.topFeatures}`);
  if (!(o.width > MARGIN.left + MARGIN.right && o.height > MARGIN.top + MARGIN.bottom)) {
    throw new UsageError(`sequence plot: size must exceed the margins (${MARGIN.left + MARGIN.right} x ${MARGIN.top + MARGIN.bottom}); got ${o.width} x ${o.height}`);
  }
  if (!data.series.every(Number.isFinite)) throw new UsageError('sequence plot: the series holds a non-finite value');
}

/** Two decimals: sub-pixel precision without bloating the file. */
function fmt(v: number): string {
  return String(Math.round(v * 100) / 100);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
