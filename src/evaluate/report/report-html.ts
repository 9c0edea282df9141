/**
 * The evaluation as one self-contained HTML page: charts inlined as SVG, figures as data URIs, tables as
 * HTML, no script and nothing fetched, so it opens offline and can be mailed or archived as it is.
 */
import type { EvaluationReport } from '../run/evaluation-report.js';
import type { GalleryEntry, GalleryKind } from '../run/run-evaluation.js';
import { averagePrecisionTable, comparisonTable, summaryTable } from './evaluation-tables.js';
import { pointingChart, precisionRecallChart, scoreByThresholdChart } from './evaluation-charts.js';
import { formatScore } from './format.js';
import { escapeHtml, htmlTable } from './table.js';
import { vegaLiteSvg } from './vega-svg.js';

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; max-width: 80rem; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.85rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; }
th { background: #f3f3f3; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
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
    ...(await precisionRecallSection(report)),
    `<section id="ground-truth">`,
    `<h2>Ground-truth comparison per condition, method and threshold</h2>`,
    `<p>Mean [${percent(report.bootstrap.confidence)} percentile bootstrap interval, ${report.bootstrap.resamples} resamples] of each ` +
      `score of the kept region against the object mask. Boundary F1 matches the two outlines within a tolerance; the pointing game ` +
      `asks whether the map's maximum lies on the object. Coverage is the share of the map a threshold keeps.</p>`,
    htmlTable(summaryTable(report.summary)),
    `</section>`,
    ...comparisonSection(report),
    ...figureSection(gallery, 'thresholds', 'Maps at every threshold',
      'One scene per condition: its input, the map, and what each threshold keeps of it, drawn over the image.'),
    ...figureSection(gallery, 'example', 'Gallery', 'The first scenes of each condition: input, map, kept region, overlay.'),
    ...figureSection(gallery, 'failure', 'Failure cases',
      `The scenes of lowest IoU at threshold ${report.thresholds[report.thresholds.length - 1].name}, lowest first, per condition and method.`),
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

async function precisionRecallSection(report: EvaluationReport): Promise<string[]> {
  if (report.precisionRecall.length === 0) return [];
  const charts: string[] = [];
  for (const method of report.methods) {
    const title = `${method}: precision-recall of the map against the object mask (mean over scenes)`;
    charts.push(await vegaLiteSvg(precisionRecallChart(report.precisionRecall, report.summary, method, title)));
  }
  return [
    `<section id="precision-recall">`,
    `<h2>Precision-recall over all cutoffs</h2>`,
    `<p>Each map, upsampled to the image, is a score for every pixel; lowering the cutoff from the maximum traces its ` +
      `precision-recall curve. Curves are read at 101 recall levels (precision interpolated as the best at that recall or more) ` +
      `and averaged over scenes; points mark the evaluated thresholds at their mean recall and precision. AUPR is the mean ` +
      `of each scene's average precision (step sum, no interpolation).</p>`,
    ...charts.map((svg) => `<div class="chart">${svg}</div>`),
    htmlTable(averagePrecisionTable(report.precisionRecall)),
    `</section>`,
  ];
}

function figureSection(gallery: GalleryEntry[], kind: GalleryKind, title: string, description: string): string[] {
  const entries = gallery.filter((g) => g.kind === kind);
  if (entries.length === 0) return [];
  const conditions = [...new Set(entries.map((g) => g.condition))];
  return [
    `<section id="${kind}">`,
    `<h2>${escapeHtml(title)}</h2>`,
    `<p>${escapeHtml(description)}</p>`,
    ...conditions.flatMap((condition) => [
      `<h3>${escapeHtml(condition)}</h3>`,
      ...entries.filter((g) => g.condition === condition).map((g) =>
        `<figure><img alt="${escapeHtml(`${g.item} ${g.method} ${g.threshold}`)}" src="data:image/png;base64,${g.png.toString('base64')}">` +
          `<figcaption>${escapeHtml(caption(g))}</figcaption></figure>`),
    ]),
    `</section>`,
  ];
}

function caption(g: GalleryEntry): string {
  const threshold = g.kind === 'thresholds' ? 'every threshold' : `threshold ${g.threshold}, IoU ${formatScore(g.iou)}`;
  return `${g.item}, ${g.method}, ${threshold}${g.correct ? '' : '; the model predicted another class'}`;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
