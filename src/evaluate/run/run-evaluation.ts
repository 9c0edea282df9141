/**
 * The evaluation loop: for every item, method and threshold, how well the region the simplified map keeps
 * matches the object's mask, and over all cutoffs at once how well the map ranks object pixels first (AUPR).
 * Items are loaded, explained and scored one batch at a time; only the scores, the per-item curves at fixed
 * recall levels and a bounded number of figures are kept.
 */
import type { ExplainableModel } from '../../engines/types.js';
import type { Explanation, ImageExplanation } from '../../explain.js';
import type { EvaluationItem, ItemSource } from './evaluation-item.js';
import { explainItems } from './explain-items.js';
import { galleryFigure } from './gallery-figure.js';
import { localisationScores, type LocalisationScores } from './localisation-scores.js';
import { keepLowest } from './lowest-scoring.js';
import { mapOnImage } from './map-on-image.js';
import { itemPrecisionRecall, type ItemPrecisionRecall } from './precision-recall.js';
import { thresholdGridFigure } from './threshold-grid-figure.js';
import { thresholdOn, type EvaluationThreshold } from './thresholds.js';

/** Larger than explain's default of 8: evaluation inputs are small scenes, and fewer model calls finish sooner. */
export const EVALUATION_BATCH_SIZE = 32;
/** Two figures per condition show a typical case and a second look without making the report heavy. */
export const GALLERY_PER_CONDITION = 2;
/** The lightweight Grad-CAM paper's failure figure shows three cases; per condition, they show how each fails. */
export const FAILURES_PER_CONDITION = 3;
/** One scene per condition seen through every threshold: a row per condition keeps the grid one screen tall. */
export const THRESHOLD_GRID_PER_CONDITION = 1;

export interface EvaluationOptions {
  methods: string[];
  thresholds: EvaluationThreshold[];
  batchSize: number;
  /** Seed of stochastic methods. */
  seed: number;
  /** Items per condition (the first ones) drawn in the report's gallery. */
  galleryPerCondition: number;
  /** Lowest-IoU items per condition and method drawn as failure cases (default FAILURES_PER_CONDITION). */
  failuresPerCondition?: number;
  /** Items per condition (the first ones) drawn at every threshold (default THRESHOLD_GRID_PER_CONDITION). */
  thresholdGridPerCondition?: number;
  onProgress?: (done: number) => void;
}

/** The scores of one item under one method and one threshold. */
export interface ItemScores extends LocalisationScores {
  item: string;
  condition: string;
  method: string;
  threshold: string;
  /** The explained class. */
  target: number;
  /** The model's top prediction. */
  predicted: number;
  /** Share of the layer-resolution map the threshold kept. */
  coverage: number;
}

/** 'example': the first items of a condition; 'failure': its lowest IoU; 'thresholds': one map at every threshold. */
export type GalleryKind = 'example' | 'failure' | 'thresholds';

export interface GalleryEntry {
  kind: GalleryKind;
  item: string;
  condition: string;
  method: string;
  /** The threshold drawn ('all' in a threshold grid) ... */
  threshold: string;
  /** ... and the IoU of what it kept (of the gallery threshold in a threshold grid). */
  iou: number;
  /** Whether the model's top prediction is the explained class. */
  correct: boolean;
  png: Buffer;
}

export interface EvaluationRun {
  scores: ItemScores[];
  /** Items whose mask is empty or covers the whole image have no precision-recall curve and are left out. */
  precisionRecall: ItemPrecisionRecall[];
  gallery: GalleryEntry[];
}

interface Candidate {
  item: EvaluationItem;
  explanation: Explanation;
  method: string;
  correct: boolean;
  score: number;
}

export async function runEvaluation(model: ExplainableModel, source: ItemSource, options: EvaluationOptions): Promise<EvaluationRun> {
  const scores: ItemScores[] = [];
  const precisionRecall: ItemPrecisionRecall[] = [];
  const gallery: GalleryEntry[] = [];
  const failures = new Map<string, Candidate[]>();
  const shown = new Map<string, number>();
  const failuresPerCondition = options.failuresPerCondition ?? FAILURES_PER_CONDITION;
  const gridPerCondition = options.thresholdGridPerCondition ?? THRESHOLD_GRID_PER_CONDITION;
  // The last threshold of the list (by default the dynamic search) is the one the galleries draw and rank by.
  const galleryThreshold = options.thresholds[options.thresholds.length - 1];
  for (let start = 0; start < source.count; start += options.batchSize) {
    const items: EvaluationItem[] = [];
    for (let i = start; i < Math.min(source.count, start + options.batchSize); i++) items.push(await source.load(i));
    const seen = items.map((item) => {
      const n = shown.get(item.condition) ?? 0;
      shown.set(item.condition, n + 1);
      return n;
    });
    for (const method of options.methods) {
      const results = await explainItems(model, items, { method, batchSize: options.batchSize, seed: options.seed });
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        const e = results[i].explanations[0];
        const onImage = mapOnImageOf(item, e);
        const rows = scoreItem(item, results[i], onImage, options.thresholds);
        scores.push(...rows);
        const curve = itemPrecisionRecall(onImage, item.mask);
        if (curve !== null) precisionRecall.push({ item: item.id, condition: item.condition, method, ...curve });
        const iou = (rows.find((r) => r.threshold === galleryThreshold.name) as ItemScores).iou;
        const correct = results[i].predictions[0].class === e.class;
        const entry = { item: item.id, condition: item.condition, method, iou, correct };
        if (seen[i] < options.galleryPerCondition) {
          const png = await galleryFigure(item, e, thresholdOn(e.attribution.values, galleryThreshold, e.probability), method, model.labels);
          gallery.push({ kind: 'example', ...entry, threshold: galleryThreshold.name, png });
        }
        if (seen[i] < gridPerCondition) {
          const thresholds = options.thresholds.map((t) => ({ name: t.name, result: thresholdOn(e.attribution.values, t, e.probability) }));
          gallery.push({ kind: 'thresholds', ...entry, threshold: 'all', png: await thresholdGridFigure(item, e, thresholds, method) });
        }
        const key = `${item.condition}\u0000${method}`;
        failures.set(key, keepLowest(failures.get(key) ?? [], { item, explanation: e, method, correct, score: iou }, failuresPerCondition));
      }
    }
    options.onProgress?.(start + items.length);
  }
  for (const candidates of failures.values()) {
    for (const { item, explanation, method, correct, score } of candidates) {
      const png = await galleryFigure(item, explanation, thresholdOn(explanation.attribution.values, galleryThreshold, explanation.probability), method, model.labels);
      gallery.push({ kind: 'failure', item: item.id, condition: item.condition, method, threshold: galleryThreshold.name, iou: score, correct, png });
    }
  }
  return { scores, precisionRecall, gallery };
}

function mapOnImageOf(item: EvaluationItem, e: Explanation): Float32Array {
  const { width, height } = e.attribution.topology as { width: number; height: number };
  return mapOnImage(e.attribution.values, width, height, item.image.width, item.image.height, item.box);
}

function scoreItem(item: EvaluationItem, result: ImageExplanation, onImage: Float32Array, thresholds: EvaluationThreshold[]): ItemScores[] {
  const e = result.explanations[0];
  return thresholds.map((t) => {
    const threshold = thresholdOn(e.attribution.values, t, e.probability);
    return {
      item: item.id,
      condition: item.condition,
      method: result.method,
      threshold: t.name,
      target: e.class,
      predicted: result.predictions[0].class,
      coverage: threshold.coverage,
      ...localisationScores(onImage, item.mask, item.image.width, item.image.height, threshold.cutoff),
    };
  });
}
