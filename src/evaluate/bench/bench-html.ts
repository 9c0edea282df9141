/**
 * The bench as one self-contained HTML page, like the evaluation report: charts inlined as SVG, tables as
 * HTML, nothing fetched.
 */
import { escapeHtml, htmlTable } from '../report/table.js';
import { vegaLiteSvg } from '../report/vega-svg.js';
import { methodsChart, thresholdChart } from './bench-charts.js';
import { armsTable, claimsTable, methodsTable, speedTable, tidyTable } from './bench-tables.js';
import type { BenchReport } from './run-bench.js';
import { SPEED_CLAIM_ALPHA } from './speed-claim.js';

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; max-width: 90rem; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.85rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; }
th { background: #f3f3f3; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.chart { margin: 1rem 0; }
`;

export async function benchReportHtml(report: BenchReport): Promise<string> {
  const p = (text: string) => `<p>${escapeHtml(text)}</p>`;
  const a = report.ablation;
  const sections = [
    `<h1>litecam bench (${escapeHtml(report.preset)} preset)</h1>`,
    p(describeRun(report)),
    ...report.notes.map((n) => p(`Note: ${n}.`)),
    `<h2>Speed and memory per threshold</h2>`,
    p('Wall time of one explanation (Grad-CAM, batch 1) per threshold, with the per-stage medians the pipeline records, against a plain prediction of the same input. ' +
      'Peak tensors: the largest TF.js tensor memory seen at a stage boundary; RSS: the largest resident set size of the process.'),
    `<div class="chart">${await vegaLiteSvg(thresholdChart(report))}</div>`,
    htmlTable(speedTable(report)),
    `<h2>Ablation</h2>`,
    ...(a.backward ? [`<h3>Head-only against full backward (${escapeHtml(a.backward.model)})</h3>`, p(`Measures: ${a.backward.measures}.`), htmlTable(armsTable(a.backward.arms))] : []),
    ...(a.tidy ? [`<h3>tf.tidy against none (${escapeHtml(a.tidy.model)})</h3>`,
      p(`Live tensors after each of ${a.tidy.runs} Grad-CAM runs; the untidy runs' tensors were released afterwards (${a.tidy.tensorsLeftAfterCleanup} left).`), htmlTable(tidyTable(report))] : []),
    ...(a.dynamicThreshold ? [`<h3>Dynamic threshold: one selection against the iterative search</h3>`,
      p(`${a.dynamicThreshold.maps} CAM maps upsampled to ${a.dynamicThreshold.mapSize}; each sample is the mean of ${a.dynamicThreshold.callsPerSample} calls. ` +
        `Kept sets ${a.dynamicThreshold.agree ? 'identical' : 'DIFFER'} between the two.`), htmlTable(armsTable(a.dynamicThreshold.arms))] : []),
    ...(a.batchSize ? [`<h3>Batch 1 against batch 8 (per image, ${a.batchSize.images} images)</h3>`, htmlTable(armsTable(a.batchSize.arms))] : []),
    `<h2>Method comparison</h2>`,
    p(budgetNote(report)),
    ...(report.methods.length > 0 ? [`<div class="chart">${await vegaLiteSvg(methodsChart(report))}</div>`, htmlTable(methodsTable(report))] : []),
    `<h2>Which is faster</h2>`,
    p(`Paired by round (the arms ran interleaved). Ratio: mean of slower / faster per round; difference: mean of slower − faster; both with 95% percentile bootstrap intervals. ` +
      `A claim is shown when the Wilcoxon signed-rank and the paired t-test both give p < ${SPEED_CLAIM_ALPHA}; with fewer than 6 rounds the exact two-sided Wilcoxon p cannot go below 0.0625, so such a claim is never shown.`),
    htmlTable(claimsTable(report.claims)),
  ];
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>litecam bench</title>\n<style>${STYLE}</style>\n</head>\n<body>\n${sections.join('\n')}\n</body>\n</html>\n`;
}

function describeRun(report: BenchReport): string {
  const s = report.settings;
  const m = report.machine;
  return `Models ${s.models.join(', ')} on ${s.engines.join(', ')} (TF.js on ${s.tfjsBackend}; zoo models at ${s.inputSize}x${s.inputSize}, random weights); ` +
    `${s.runs} timed rounds per section, ${s.methodRuns} for the method comparison. Node ${m.node}, ${m.cpus} CPUs (${m.cpuModel ?? 'unknown'}), ${m.date}. ` +
    `Took ${(report.elapsedMs / 1000).toFixed(0)} s.`;
}

function budgetNote(report: BenchReport): string {
  const b = report.settings.perturbationBudget;
  const which = b.defaults ? "the methods' published defaults" : "REDUCED budgets (the quick preset), below the methods' published defaults";
  return `MobileNetV2, one image, top-1 class. LIME ${b.limeSamples} samples, RISE ${b.riseMasks} masks, Occlusion stride ${b.occlusionStride}: ${which}. ` +
    'Speed-up over LIME: mean over rounds of LIME\'s time / the method\'s, with its 95% bootstrap interval.';
}
