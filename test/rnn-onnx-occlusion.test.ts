import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOnnxModel, type OnnxModel } from '../src/engines/onnx/index.js';
import { argmax, rawSequenceScorer, sequenceOcclusion, type SequenceScorer } from '../src/explainers/rnn/index.js';

const SHARED = fileURLToPath(new URL('../../shared', import.meta.url));
const LSTM = `${SHARED}/models/lstm_random.onnx`;
const STEPS = 50;
const FEATURES = 8;

describe.skipIf(!existsSync(LSTM))('lstm_random.onnx explained by occlusion over time', () => {
  let model: OnnxModel;
  let score: SequenceScorer;
  const values = Float32Array.from({ length: STEPS * FEATURES }, (_, i) => Math.sin(0.37 * i) + 0.1 * ((i * 13) % 7));
  const input = { values, steps: STEPS, features: FEATURES };

  beforeAll(async () => {
    model = await loadOnnxModel(LSTM);
    score = rawSequenceScorer(model, STEPS, FEATURES);
  });
  afterAll(() => model?.dispose());

  it('returns a sequence attribution of 50 steps and a 50 x 8 matrix for the predicted class', async () => {
    const e = await sequenceOcclusion(score, input);
    const logits = await score(values, 1);
    expect(e.attribution.topology).toEqual({ kind: 'sequence', length: STEPS });
    expect(e.perFeature).toHaveLength(STEPS * FEATURES);
    expect(e.target).toBe(argmax(logits));
    expect(e.score).toBeCloseTo(logits[e.target], 5);
    expect(e.attribution.values.every(Number.isFinite)).toBe(true);
    expect(e.attribution.values.some((v) => v !== 0)).toBe(true);
  });

  it('credits a step with the logit drop from filling it with the feature means', async () => {
    const e = await sequenceOcclusion(score, input, { target: 3, window: 1 });
    const t = 17;
    const means = new Float32Array(FEATURES);
    for (let i = 0; i < values.length; i++) means[i % FEATURES] += values[i] / STEPS;
    const occluded = values.slice();
    occluded.set(means, t * FEATURES);
    const [base, after] = [await score(values, 1), await score(occluded, 1)];
    expect(e.attribution.values[t]).toBeCloseTo(base[3] - after[3], 5);
  });
});
