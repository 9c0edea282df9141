/** What `litecam evaluate` writes to evaluation.json, and what the HTML report is drawn from. */
import type { ThresholdSpec } from '../../attribution/threshold/apply.js';
import { BOOTSTRAP_DEFAULTS, type BootstrapOptions } from '../stats/bootstrap.js';
import { compareWithBaseline, summariseGroups, type GroupSummary, type ThresholdComparison } from './aggregate.js';
import { summarisePrecisionRecall, type PrecisionRecallSummary } from './precision-recall.js';
import type { EvaluationRun, GalleryKind, ItemScores } from './run-evaluation.js';
import { UNTHRESHOLDED, type EvaluationThreshold } from './thresholds.js';

export type EvaluationData =
  | { kind: 'synthetic'; scenes: number; conditions: string[]; seed: number }
  | { kind: 'folder'; images: string; masks: string; count: number };

export interface EvaluationSetup {
  model: string;
  data: EvaluationData;
  methods: string[];
  thresholds: EvaluationThreshold[];
  bootstrap: BootstrapOptions;
}

export interface EvaluationReport {
  model: string;
  data: EvaluationData;
  /** Which class each map explains. */
  target: 'true class' | 'top prediction';
  methods: string[];
  thresholds: Array<{ name: string; spec: ThresholdSpec | null }>;
  bootstrap: Required<BootstrapOptions>;
  /** What the Wilcoxon p-values rest on (exact distribution or normal approximation). */
  wilcoxonMethod: string;
  summary: GroupSummary[];
  /** IoU of each threshold against the unthresholded map, when both were evaluated. */
  comparisons: ThresholdComparison[];
  /** Per condition and method: mean AUPR with its interval and the mean precision-recall curve. */
  precisionRecall: PrecisionRecallSummary[];
  gallery: Array<{ kind: GalleryKind; item: string; condition: string; method: string; threshold: string; iou: number; correct: boolean }>;
  scores: ItemScores[];
  /** Each item's average precision (threshold-free, so one per item and method). */
  averagePrecision: Array<{ item: string; condition: string; method: string; aupr: number }>;
}

export const WILCOXON_METHOD =
  'two-sided; zero differences dropped; exact distribution for at most 50 differences without ties, ' +
  'otherwise the normal approximation with tie-corrected variance and a 0.5 continuity correction (as R wilcox.test)';

export function buildEvaluationReport(run: EvaluationRun, setup: EvaluationSetup): EvaluationReport {
  const bootstrap = { ...BOOTSTRAP_DEFAULTS, ...setup.bootstrap };
  const conditions = setup.data.kind === 'synthetic' ? setup.data.conditions : [...new Set(run.scores.map((s) => s.condition))];
  const grouping = { conditions, methods: setup.methods, thresholds: setup.thresholds.map((t) => t.name) };
  const hasBaseline = grouping.thresholds.includes(UNTHRESHOLDED);
  return {
    model: setup.model,
    data: setup.data,
    target: setup.data.kind === 'synthetic' ? 'true class' : 'top prediction',
    methods: setup.methods,
    thresholds: setup.thresholds,
    bootstrap,
    wilcoxonMethod: WILCOXON_METHOD,
    summary: summariseGroups(run.scores, grouping, bootstrap),
    comparisons: hasBaseline ? compareWithBaseline(run.scores, grouping, UNTHRESHOLDED, 'iou', bootstrap) : [],
    precisionRecall: summarisePrecisionRecall(run.precisionRecall, grouping, bootstrap),
    gallery: run.gallery.map(({ kind, item, condition, method, threshold, iou, correct }) => ({ kind, item, condition, method, threshold, iou, correct })),
    scores: run.scores,
    averagePrecision: run.precisionRecall.map(({ item, condition, method, aupr }) => ({ item, condition, method, aupr })),
  };
}
