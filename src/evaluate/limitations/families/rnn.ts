/**
 * The RNN family: gradient x input per time step of the planted-sequence LSTM (models/rnn) on freshly
 * generated planted sequences, whose planted interval is the ground truth. Deleting a step replaces it by
 * the sequence's per-feature mean, as occlusion over time does (src/explainers/rnn/occlusion.ts): a zero can
 * lie far outside a feature's range and would measure the model's reaction to an outlier.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normalizeByMax } from '../../../attribution/normalize.js';
import { PLANTED_SEQUENCE_DEFAULTS, plantedSequences } from '../../../datasets/sequences.js';
import { fileSystemHandler } from '../../../engines/tfjs/file-io.js';
import { softmax } from '../../../explain.js';
import { sequenceGradientXInput } from '../../../explainers/rnn/gradient-x-input.js';
import { functionSequenceScorer, type SequenceScorer } from '../../../explainers/rnn/scorers.js';
import { layersSequenceFunction } from '../../../explainers/rnn/sequence-function.js';
import { regionPrecision } from '../../metrics/localisation/precision.js';
import { regionRecall } from '../../metrics/localisation/recall.js';
import type { LimitationFamily } from '../limitation-case.js';

const RNN_MODEL = fileURLToPath(new URL('../../../../models/rnn/model/model.json', import.meta.url));

export const rnnFamily: LimitationFamily = {
  name: 'rnn',
  unavailable: () => (existsSync(RNN_MODEL) ? null : `the planted-sequence LSTM is missing (${RNN_MODEL})`),
  async run(count, seed, visit) {
    const model = await tf.loadLayersModel(fileSystemHandler(RNN_MODEL));
    const data = plantedSequences({ ...PLANTED_SEQUENCE_DEFAULTS, count, seed });
    const { steps, features, patternLength } = data;
    try {
      const f = layersSequenceFunction(model);
      const score = functionSequenceScorer(f, steps, features);
      const size = steps * features;
      for (let i = 0; i < count; i++) {
        const values = data.inputs.slice(i * size, (i + 1) * size);
        const target = data.labels[i];
        const explanation = await sequenceGradientXInput(f, { values, steps, features }, { target });
        const probability = await probabilityOf(score, values, target);
        const truth = Uint8Array.from({ length: steps }, (_, t) => (t >= data.starts[i] && t < data.starts[i] + patternLength ? 1 : 0));
        await visit({
          id: `sequence-${i}`,
          attribution: { ...explanation.attribution, values: normalizeByMax(explanation.attribution.values).values },
          probability,
          truthShare: patternLength / steps,
          localise: (kept) => ({ recall: regionRecall(kept, truth), precision: regionPrecision(kept, truth) }),
          scoreDrop: async (kept) => probability - (await probabilityOf(score, keptStepsOnly(values, kept, steps, features), target)),
        });
      }
    } finally {
      model.dispose();
    }
    return {
      model: 'models/rnn (16-unit LSTM trained on planted sequences)',
      data: `${count} planted sequences (seed ${seed}): ${steps} steps x ${features} features, a ${patternLength}-step pattern`,
      method: 'gradient-x-input per time step',
      unit: 'time step',
      deletion: 'steps outside the kept set replaced by the per-feature mean of the sequence',
    };
  },
};

async function probabilityOf(score: SequenceScorer, values: Float32Array, target: number): Promise<number> {
  return softmax(await score(values, 1))[target];
}

/** The sequence with every step the threshold dropped replaced by the sequence's per-feature mean. */
function keptStepsOnly(values: Float32Array, kept: Uint8Array, steps: number, features: number): Float32Array {
  const means = new Float32Array(features);
  for (let i = 0; i < values.length; i++) means[i % features] += values[i] / steps;
  const out = values.slice();
  for (let t = 0; t < steps; t++) {
    if (kept[t] !== 0) continue;
    for (let f = 0; f < features; f++) out[t * features + f] = means[f];
  }
  return out;
}
