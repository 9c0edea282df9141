/**
 * The evaluation as one self-contained HTML page: charts inlined as SVG, figures as data URIs, tables as
 * HTML, no script and nothing fetched, so it opens offline and can be mailed or archived as it is.
 */
import type { EvaluationReport } from '../run/evaluation-report.js';
import type { GalleryEntry } from '../run/run-evaluation.js';
import { comparisonTable, summaryTable } from './evaluation-tables.js';
import { pointingChart, scoreByThresholdChart } from './evaluation-charts.js';
import { escapeHtml, htmlTable } from './table.js';
import { vegaLiteSvg } from './vega-svg.js';

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; max-width: 80rem; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.85rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; }
th { background: #f3f3f3; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 0.5rem 0; }
figure img { max-width: 100%; }
figcaption { font-size: 0.8rem; color: #555; }
.chart { margin: 1rem 0; }
`;

export async function evaluationReportHtml(report: EvaluationReport, gallery: GalleryEntry[]): Promise<string> {
  const thresholds = report.thresholds.map((t) => t.name);
  const charts: string[] = [];
  for (const method of report.methods) {
    charts.push(await vegaLiteSvg(scoreByThresholdChart(report.summary, 'iou', method, `${method}: IoU of the kept region with the object mask (mean, 95% CI)`)));
  }
  charts.push(await vegaLiteSvg(pointingChart(report.summary, thresholds[0])));
  const sections = [
    `<h1>litecam evaluation</h1>`,
    `<p>${escapeHtml(describeRun(report))}</p>`,
    `<h2>Charts</h2>`,
    ...charts.map((svg) => `<div class="chart">${svg}</div>`),
    `<h2>Scores per condition, method and threshold</h2>`,
    `<p>Mean [${percent(report.bootstrap.confidence)} percentile bootstrap interval, ${report.bootstrap.resamples} resamples]. ` +
      `Coverage is the share of the map a threshold keeps.</p>`,
    htmlTable(summaryTable(report.summary)),
    ...comparisonSection(report),
    ...gallerySection(gallery),
  ];
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>litecam evaluation</title>\n<style>${STYLE}</style>\n</head>\n<body>\n${sections.join('\n')}\n</body>\n</html>\n`;
}

function describeRun(report: EvaluationReport): string {
  const data = report.data.kind === 'synthetic'
    ? `${report.data.scenes} generated scenes (seed ${report.data.seed}) over the conditions ${report.data.conditions.join(', ')}`
    : `${report.data.count} images from ${report.data.images} with masks from ${report.data.masks}`;
  return `Model ${report.model}; ${data}; methods ${report.methods.join(', ')}; thresholds ${report.thresholds.map((t) => t.name).join(', ')}. ` +
    `Each map explains the ${report.target}; the kept region is the map upsampled to the image and cut at the threshold's cutoff.`;
}

function comparisonSection(report: EvaluationReport): string[] {
  if (report.comparisons.length === 0) return [];
  return [
    `<h2>Thresholds against the unthresholded map (IoU)</h2>`,
    `<p>Paired by image: Δ is the threshold's IoU minus the unthresholded map's. Student's paired t-test; Wilcoxon signed-rank ` +
      `(${escapeHtml(report.wilcoxonMethod)}); Cohen's d_z is the mean difference over the differences' standard deviation.</p>`,
    htmlTable(comparisonTable(report.comparisons)),
  ];
}

function gallerySection(gallery: GalleryEntry[]): string[] {
  if (gallery.length === 0) return [];
  const conditions = [...new Set(gallery.map((g) => g.condition))];
  return [
    `<h2>Gallery</h2>`,
    ...conditions.flatMap((condition) => [
      `<h3>${escapeHtml(condition)}</h3>`,
      ...gallery.filter((g) => g.condition === condition).map((g) =>
        `<figure><img alt="${escapeHtml(`${g.item} ${g.method} ${g.threshold}`)}" src="data:image/png;base64,${g.png.toString('base64')}">` +
          `<figcaption>${escapeHtml(`${g.item}, ${g.method}, threshold ${g.threshold}`)}</figcaption></figure>`),
    ]),
  ];
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
