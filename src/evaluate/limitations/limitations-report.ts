/** The study as tables (Markdown for the terminal and limitations.md, HTML for the report) and a self-contained page. */
import { escapeHtml, htmlTable, markdownTable, type Table } from '../report/table.js';
import { vegaLiteSvg } from '../report/vega-svg.js';
import { adaptiveChart, sweepChart } from './limitations-charts.js';
import type { FamilyStudy, LimitationsStudy, StrategySummary } from './run-limitations.js';

const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;

/** Three decimals, without the '-0.000' a tiny negative difference would print. */
const difference = (v: number): string => (Math.abs(v) < 5e-4 ? 0 : v).toFixed(3);

/** One row per strategy: the sweep from loose to tight, then the adaptive strategies. */
export function familyTable(f: Extract<FamilyStudy, { status: 'ok' }>): Table {
  const right = (title: string) => ({ title, align: 'right' as const });
  return {
    columns: [{ title: 'threshold' }, right('kept'), right('energy kept'), right('recall'), right('precision'), right('score drop'), right('fragments')],
    rows: f.strategies.map((s: StrategySummary) => [
      s.group === 'sweep' ? `top ${s.strategy}` : s.strategy,
      percent(s.coverage),
      percent(s.energy),
      s.recall.toFixed(3),
      s.precision.toFixed(3),
      difference(s.scoreDrop),
      s.fragments.toFixed(2),
    ]),
  };
}

/** One paragraph per family: what was explained and how the figures were measured. */
export function familyHeading(f: FamilyStudy): string {
  if (f.status === 'skipped') return `${f.family}: skipped; ${f.note}.`;
  const d = f.description;
  const rules = Object.entries(f.hybridRules).map(([rule, n]) => `${rule} ${n}`).join(', ');
  return `${f.family}: ${d.method} of ${d.model}, on ${d.data}. Each map explains the true class (mean probability ` +
    `${f.meanProbability.toFixed(3)}). Recall and precision are per ${d.unit}; the planted evidence holds ${percent(f.truthShare)} ` +
    `of them, the precision a random kept set would have. Score drop: the class probability on the whole input minus ` +
    `the probability with ${d.deletion}. Fragments: separate pieces of the kept set. Confidence kept ${f.confidencePercent.toFixed(1)}% ` +
    `on average; the hybrid rule was decided by ${rules}.`;
}

export function limitationsMarkdown(study: LimitationsStudy): string {
  const sections = study.families.map((f) =>
    f.status === 'ok' ? `### ${f.family}\n\n${familyHeading(f)}\n\n${markdownTable(familyTable(f))}` : `### ${f.family}\n\n${familyHeading(f)}`);
  return `## Thresholding limitations (seed ${study.seed}, ${study.scenes} inputs per family)\n\n` +
    `${STRATEGY_NOTE(study)}\n\n` +
    `${sections.join('\n\n')}\n`;
}

/** What the two rows that are not plain cuts keep. */
const STRATEGY_NOTE = (study: LimitationsStudy): string =>
  `Multi-level keeps its loosest level (top ${study.multilevelOuterPercent}%) in all; its tighter levels are the sweep's rows. ` +
  `Structured is the universal explainer's simplification for the topology (connected regions, intervals, tokens with the ` +
  `tokens they draw on, a subgraph connected to the explained node), coverage floor included.`;

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; max-width: 80rem; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.85rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; }
th { background: #f3f3f3; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.chart { margin: 1rem 0; }
`;

export interface LimitationsCharts {
  sweep: string;
  adaptive: string;
}

/** Both charts as SVG strings, rendered headless from their Vega-Lite specs. */
export async function limitationsCharts(study: LimitationsStudy): Promise<LimitationsCharts> {
  return { sweep: await vegaLiteSvg(sweepChart(study)), adaptive: await vegaLiteSvg(adaptiveChart(study)) };
}

/** One page that loads nothing: the charts inlined as SVG, a table and a paragraph per family. */
export function limitationsHtml(study: LimitationsStudy, charts: LimitationsCharts): string {
  const families = study.families.flatMap((f) => [
    `<h2>${escapeHtml(f.family)}</h2>`,
    `<p>${escapeHtml(familyHeading(f))}</p>`,
    ...(f.status === 'ok' ? [htmlTable(familyTable(f))] : []),
  ]);
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>litecam thresholding limitations</title>\n<style>${STYLE}</style>\n</head>\n<body>\n` +
    `<h1>litecam: thresholding limitations</h1>\n` +
    `<p>${escapeHtml(`Seed ${study.seed}, ${study.scenes} inputs per family. The sweep keeps the top ${study.sweepPercents.join(', ')}% of each map; ` +
      `the adaptive strategies run with their defaults on the same maps. ${STRATEGY_NOTE(study)}`)}</p>\n` +
    `<div class="chart">${charts.sweep}</div>\n<div class="chart">${charts.adaptive}</div>\n${families.join('\n')}\n</body>\n</html>\n`;
}
