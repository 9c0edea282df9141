import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cueTextSentences } from '../src/datasets/cue-text.js';
import { initBackend } from '../src/engines/tfjs/backend.js';
import type { TokenRowMethod } from '../src/explainers/transformer/index.js';
import { textTransformerAdapter } from '../src/universal/adapters/text-transformer.js';
import { loadTextEncoder, type TextClassifier } from '../src/zoo/text-encoder/index.js';
import { cueLocalisation, heldOutAccuracy } from '../models/text/text-evaluation.js';
import { CUE_DATA, CUE_LABELS, CUE_RECIPE, CUE_VOCABULARY } from '../models/text/text-recipe.js';

const MODEL_DIR = fileURLToPath(new URL('../models/text/model', import.meta.url));
const METRICS = fileURLToPath(new URL('../models/text/metrics.json', import.meta.url));

interface Metrics {
  heldOutAccuracy: number;
  cueLocalisation: Record<string, { cueMass: number; topKHitRate: number }>;
}

describe.skipIf(!existsSync(MODEL_DIR))('the encoder trained on cue sentences', () => {
  const recorded = JSON.parse(readFileSync(METRICS, 'utf8')) as Metrics;
  // The first held-out sentences the metrics were computed on.
  const heldOut = cueTextSentences({ ...CUE_DATA, count: 200, seed: CUE_RECIPE.seeds.heldOut });
  let model: TextClassifier;
  beforeAll(async () => {
    await initBackend('wasm');
    model = await loadTextEncoder(MODEL_DIR);
  });
  afterAll(() => model.encoder.dispose());

  it('is the recipe: a BERT-shaped 2 x 4-head encoder of width 64 over the cue vocabulary, small on disk', () => {
    expect(model.encoder.config).toMatchObject({ ...CUE_RECIPE.model, seed: CUE_RECIPE.seeds.weights });
    expect(model.tokenizer.vocabulary).toEqual(CUE_VOCABULARY);
    expect(model.labels).toEqual(CUE_LABELS);
    expect(readFileSync(`${MODEL_DIR}/weights.bin`).byteLength).toBeLessThan(512 * 1024);
    expect(textTransformerAdapter.detect(model)).toBe(`BERT-shaped encoder, 2 blocks x 4 heads, vocabulary of ${CUE_VOCABULARY.length} tokens`);
  });

  it('reaches its recorded held-out accuracy', async () => {
    const accuracy = await heldOutAccuracy(model, heldOut);
    expect(accuracy).toBeGreaterThanOrEqual(Math.min(0.97, recorded.heldOutAccuracy - 0.02));
  });

  it('its default explainer recovers the cues far better than a random attribution, as recorded', async () => {
    const method = textTransformerAdapter.methods[0] as TokenRowMethod;
    const scores = await cueLocalisation(model, heldOut.slice(0, 40), CUE_RECIPE.seeds.randomAttribution, [method]);
    const best = scores[method] as NonNullable<(typeof scores)[TokenRowMethod]>;
    expect(best.cueMass).toBeGreaterThan(2.5 * scores.random.cueMass);
    expect(best.topKHitRate).toBeGreaterThan(0.85);
    expect(scores.random.topKHitRate).toBeLessThan(0.35);
    expect(best.cueMass).toBeCloseTo(recorded.cueLocalisation[method].cueMass, 1);
  });

  it('the default is the best of the three methods on the recorded benchmark', () => {
    const [first, ...others] = textTransformerAdapter.methods;
    for (const other of others) {
      expect(recorded.cueLocalisation[first].cueMass).toBeGreaterThan(recorded.cueLocalisation[other].cueMass);
      expect(recorded.cueLocalisation[first].topKHitRate).toBeGreaterThan(recorded.cueLocalisation[other].topKHitRate);
    }
  });
});
