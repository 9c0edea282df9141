/** Accuracy and cue localisation of a text classifier on cue sentences. */
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../src/attribution/random.js';
import { positionMassShare, topKHitRate, type CueSentence } from '../../src/datasets/cue-text.js';
import { TOKEN_ROW_METHODS, type TokenRowMethod } from '../../src/explainers/transformer/index.js';
import { textTransformerAdapter } from '../../src/universal/adapters/text-transformer.js';
import type { TextClassifier } from '../../src/zoo/text-encoder/index.js';

/** Predicted classes, `batchSize` sentences per forward (padded to the longest of each batch). */
export async function predictClasses(model: TextClassifier, texts: readonly string[], batchSize = 64): Promise<number[]> {
  const out: number[] = [];
  for (let start = 0; start < texts.length; start += batchSize) {
    const { ids, length } = model.tokenizer.encodeBatch(texts.slice(start, start + batchSize));
    const n = ids.length / length;
    const classes = tf.tidy(() => tf.argMax(model.encoder.predict(tf.tensor2d(ids, [n, length], 'int32')), 1));
    out.push(...(await classes.data()));
    classes.dispose();
  }
  return out;
}

export async function heldOutAccuracy(model: TextClassifier, sentences: readonly CueSentence[]): Promise<number> {
  const predicted = await predictClasses(model, sentences.map((s) => s.text));
  return predicted.filter((c, i) => c === sentences[i].label).length / sentences.length;
}

export interface CueScores {
  /** Mean share of the positive attribution mass on the supporting cues. */
  cueMass: number;
  /** Mean share of the top-k tokens that are supporting cues, k = the number of cues. */
  topKHitRate: number;
  /** Mean share of the mass on the distractor, over sentences that have one. */
  distractorMass: number;
}

/** Scores of each method asked for, and of a random attribution. */
export type CueLocalisation = Partial<Record<TokenRowMethod, CueScores>> & {
  random: CueScores;
  /** What a uniform attribution scores: the cues' share of the words, on average. */
  chance: { cueMass: number; distractorMass: number };
  sentences: number;
};

/** Explains each sentence's true class with each method through the universal adapter, and a seeded random map. */
export async function cueLocalisation(
  model: TextClassifier,
  sentences: readonly CueSentence[],
  randomSeed: number,
  methods: readonly TokenRowMethod[] = TOKEN_ROW_METHODS,
): Promise<CueLocalisation> {
  const random = mulberry32(randomSeed);
  const names = [...methods, 'random'] as const;
  const sums = Object.fromEntries(names.map((m) => [m, { cueMass: 0, topKHitRate: 0, distractorMass: 0 }])) as Record<(typeof names)[number], CueScores>;
  const chance = { cueMass: 0, distractorMass: 0 };
  let withDistractor = 0;
  for (const s of sentences) {
    const maps: Array<[(typeof names)[number], ArrayLike<number>]> = [];
    for (const method of methods) {
      const result = await textTransformerAdapter.explain(model, { kind: 'text', text: s.text }, { method, target: s.label });
      if (result.context?.labels?.join(' ') !== s.words.join(' ')) throw new Error(`the tokenizer split '${s.text}' differently from the dataset`);
      maps.push([method, result.attribution.values]);
    }
    maps.push(['random', Float32Array.from(s.words, () => random())]);
    for (const [name, values] of maps) {
      sums[name].cueMass += positionMassShare(values, s.cues);
      sums[name].topKHitRate += topKHitRate(values, s.cues);
      sums[name].distractorMass += positionMassShare(values, s.distractors);
    }
    chance.cueMass += s.cues.length / s.words.length;
    chance.distractorMass += s.distractors.length / s.words.length;
    if (s.distractors.length > 0) withDistractor++;
  }
  const n = sentences.length;
  const mean = (x: CueScores): CueScores => ({ cueMass: x.cueMass / n, topKHitRate: x.topKHitRate / n, distractorMass: x.distractorMass / Math.max(1, withDistractor) });
  return {
    ...(Object.fromEntries(names.map((m) => [m, mean(sums[m])])) as Record<(typeof names)[number], CueScores> & { random: CueScores }),
    chance: { cueMass: chance.cueMass / n, distractorMass: chance.distractorMass / Math.max(1, withDistractor) },
    sentences: n,
  };
}
