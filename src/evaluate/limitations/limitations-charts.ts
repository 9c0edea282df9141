/** The study's charts as Vega-Lite specs: each figure as the threshold tightens, and the adaptive strategies side by side. */
import type { TopLevelSpec } from 'vega-lite';
import type { KeptFigures, LimitationsStudy, StrategySummary } from './run-limitations.js';

const PANEL_WIDTH = 150;
const PANEL_HEIGHT = 140;

/** What each figure is called on an axis, in the order the panels appear. */
export const FIGURE_TITLES: Record<keyof KeptFigures, string> = {
  coverage: 'share of the map kept',
  energy: 'energy kept',
  recall: 'recall of the planted evidence',
  precision: 'precision on the planted evidence',
  scoreDrop: 'score drop (rest deleted)',
  fragments: 'fragments',
};

/** The figures that show the loss; coverage is what the sweep sets, so it is not charted against itself. */
const CHARTED: readonly (keyof KeptFigures)[] = ['energy', 'recall', 'precision', 'scoreDrop', 'fragments'];

interface Point {
  family: string;
  strategy: string;
  percent?: number;
  figure: string;
  value: number;
}

function points(study: LimitationsStudy, keep: (s: StrategySummary) => boolean): Point[] {
  return study.families.flatMap((f) => (f.status !== 'ok' ? [] : f.strategies.filter(keep).flatMap((s) =>
    CHARTED.map((figure) => ({ family: f.family, strategy: s.strategy, percent: s.group === 'sweep' ? Number.parseFloat(s.strategy) : undefined, figure: FIGURE_TITLES[figure], value: s[figure] })))));
}

/** The families in the report's order (cnn, vit, rnn, text, graph), not alphabetical. */
const familyOrder = (study: LimitationsStudy): string[] => study.families.filter((f) => f.status === 'ok').map((f) => f.family);

const figureFacet = { field: 'figure', type: 'nominal' as const, sort: CHARTED.map((f) => FIGURE_TITLES[f]), title: null };

/** One panel per figure: its mean over the inputs against the percent kept, 50% on the left down to 1%, one line per family. */
export function sweepChart(study: LimitationsStudy): TopLevelSpec {
  return {
    title: 'What a top-P% threshold loses as it tightens (mean over inputs)',
    data: { values: points(study, (s) => s.group === 'sweep') },
    facet: { column: figureFacet },
    spec: {
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'percent', type: 'quantitative', scale: { type: 'log', reverse: true, domain: [study.sweepPercents.at(-1) ?? 1, study.sweepPercents[0] ?? 100] }, axis: { values: [...study.sweepPercents] }, title: '% of the map kept' },
        y: { field: 'value', type: 'quantitative', title: null },
        color: { field: 'family', type: 'nominal', title: 'family', sort: familyOrder(study) },
      },
    },
    resolve: { scale: { y: 'independent' } },
  };
}

/** One panel per figure: the adaptive strategies' and the structured simplification's means, grouped by strategy, one bar per family. */
export function adaptiveChart(study: LimitationsStudy): TopLevelSpec {
  const data = points(study, (s) => s.group !== 'sweep');
  return {
    title: 'Adaptive and structured simplification on the same maps (mean over inputs)',
    data: { values: data },
    facet: { column: figureFacet },
    spec: {
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT,
      mark: 'bar',
      encoding: {
        x: { field: 'strategy', type: 'nominal', sort: [...new Set(data.map((p) => p.strategy))], title: null },
        xOffset: { field: 'family', type: 'nominal', sort: familyOrder(study) },
        y: { field: 'value', type: 'quantitative', title: null },
        color: { field: 'family', type: 'nominal', title: 'family', sort: familyOrder(study) },
      },
    },
    resolve: { scale: { y: 'independent' } },
  };
}
