/** The bench's charts as Vega-Lite specs: grouped bars of median time, on a log axis where times span decades. */
import type { TopLevelSpec } from 'vega-lite';
import type { BenchReport } from './run-bench.js';

const WIDTH = 420;
const HEIGHT = 200;

/** Median time per threshold, one group of bars per model and engine, the prediction alone among them. */
export function thresholdChart(report: BenchReport): TopLevelSpec {
  const thresholds = [...new Set(report.speed.map((r) => r.threshold))];
  return {
    title: 'Median time per explanation (batch 1), by threshold',
    width: WIDTH,
    height: HEIGHT,
    data: { values: report.speed.map((r) => ({ model: `${r.model} (${r.engine})`, threshold: r.threshold, ms: r.medianMs })) },
    mark: 'bar',
    encoding: {
      x: { field: 'model', type: 'nominal', title: null },
      xOffset: { field: 'threshold', type: 'nominal', sort: thresholds },
      y: { field: 'ms', type: 'quantitative', title: 'median ms' },
      color: { field: 'threshold', type: 'nominal', sort: thresholds },
    },
  };
}

/** Median time per image of each method, log scale: Grad-CAM and LIME differ by orders of magnitude. */
export function methodsChart(report: BenchReport): TopLevelSpec {
  const rows = report.methods.flatMap((m) => m.rows);
  return {
    title: 'Median time per image, by method (log scale)',
    width: WIDTH,
    height: HEIGHT,
    data: { values: rows.map((r) => ({ method: r.method, engine: r.engine, ms: r.medianMs })) },
    mark: 'bar',
    encoding: {
      x: { field: 'method', type: 'nominal', sort: [...new Set(rows.map((r) => r.method))], title: null },
      xOffset: { field: 'engine', type: 'nominal' },
      y: { field: 'ms', type: 'quantitative', scale: { type: 'log' }, title: 'median ms' },
      color: { field: 'engine', type: 'nominal' },
    },
  };
}
