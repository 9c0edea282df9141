/**
 * The evaluation loop: for every item, method and threshold, how well the region the simplified map keeps
 * matches the object's mask. Items are loaded, explained and scored one batch at a time; only the scores and
 * a few gallery figures are kept.
 */
import type { ExplainableModel } from '../../engines/types.js';
import type { ImageExplanation } from '../../explain.js';
import type { EvaluationItem, ItemSource } from './evaluation-item.js';
import { explainItems } from './explain-items.js';
import { galleryFigure } from './gallery-figure.js';
import { localisationScores, type LocalisationScores } from './localisation-scores.js';
import { mapOnImage } from './map-on-image.js';
import { thresholdOn, type EvaluationThreshold } from './thresholds.js';

/** Larger than explain's default of 8: evaluation inputs are small scenes, and fewer model calls finish sooner. */
export const EVALUATION_BATCH_SIZE = 32;
/** Two figures per condition show a typical case and a second look without making the report heavy. */
export const GALLERY_PER_CONDITION = 2;

export interface EvaluationOptions {
  methods: string[];
  thresholds: EvaluationThreshold[];
  batchSize: number;
  /** Seed of stochastic methods. */
  seed: number;
  /** Items per condition (the first ones) drawn in the report's gallery. */
  galleryPerCondition: number;
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

export interface GalleryEntry {
  item: string;
  condition: string;
  method: string;
  threshold: string;
  png: Buffer;
}

export interface EvaluationRun {
  scores: ItemScores[];
  gallery: GalleryEntry[];
}

export async function runEvaluation(model: ExplainableModel, source: ItemSource, options: EvaluationOptions): Promise<EvaluationRun> {
  const scores: ItemScores[] = [];
  const gallery: GalleryEntry[] = [];
  const shown = new Map<string, number>();
  // The last threshold of the list (by default the dynamic search) is the one the gallery draws.
  const galleryThreshold = options.thresholds[options.thresholds.length - 1];
  for (let start = 0; start < source.count; start += options.batchSize) {
    const items: EvaluationItem[] = [];
    for (let i = start; i < Math.min(source.count, start + options.batchSize); i++) items.push(await source.load(i));
    const inGallery = items.map((item) => {
      const n = shown.get(item.condition) ?? 0;
      shown.set(item.condition, n + 1);
      return n < options.galleryPerCondition;
    });
    for (const method of options.methods) {
      const results = await explainItems(model, items, { method, batchSize: options.batchSize, seed: options.seed });
      for (let i = 0; i < items.length; i++) {
        scores.push(...scoreItem(items[i], results[i], options.thresholds));
        if (inGallery[i]) {
          const e = results[i].explanations[0];
          const png = await galleryFigure(items[i], e, thresholdOn(e.attribution.values, galleryThreshold), method, model.labels);
          gallery.push({ item: items[i].id, condition: items[i].condition, method, threshold: galleryThreshold.name, png });
        }
      }
    }
    options.onProgress?.(start + items.length);
  }
  return { scores, gallery };
}

function scoreItem(item: EvaluationItem, result: ImageExplanation, thresholds: EvaluationThreshold[]): ItemScores[] {
  const e = result.explanations[0];
  const { width, height } = e.attribution.topology as { width: number; height: number };
  const onImage = mapOnImage(e.attribution.values, width, height, item.image.width, item.image.height, item.box);
  return thresholds.map((t) => {
    const threshold = thresholdOn(e.attribution.values, t);
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
