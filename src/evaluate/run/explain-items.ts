import type { ExplainableModel } from '../../engines/types.js';
import { explain, type ImageExplanation } from '../../explain.js';
import type { EvaluationItem } from './evaluation-item.js';

export interface ItemExplainOptions {
  method: string;
  batchSize: number;
  seed: number;
}

/**
 * One explanation per item, in order: of its target class when it has one, else of the top prediction.
 * `explain` takes one class list for a whole call, so items are grouped by target and each group is one call.
 */
export async function explainItems(model: ExplainableModel, items: EvaluationItem[], options: ItemExplainOptions): Promise<ImageExplanation[]> {
  const groups = new Map<number | undefined, number[]>();
  items.forEach((item, i) => groups.set(item.target, [...(groups.get(item.target) ?? []), i]));
  const out = new Array<ImageExplanation>(items.length);
  for (const [target, indices] of groups) {
    const results = await explain(
      model,
      indices.map((i) => ({ source: items[i].id, data: items[i].input })),
      { method: options.method, batchSize: options.batchSize, seed: options.seed, ...(target === undefined ? { topK: 1 } : { classes: [target] }) },
    );
    indices.forEach((i, k) => (out[i] = results[k]));
  }
  return out;
}
