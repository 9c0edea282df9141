/**
 * Sentences whose label depends only on known cue words: exact ground truth for text explainers. Each
 * sentence is neutral filler words with a few cue words of its class's polarity placed at random positions
 * (positive cues for class 1, negative for class 0), and, in some sentences, one distractor: a cue of the
 * other polarity. The class is the majority polarity, so the supporting cues hold the evidence for it, the
 * distractor holds evidence against it, and the filler holds none: an explanation of the true class should
 * put its mass on the supporting cues.
 *
 * The words are spread in a random order (no grammar), the first one capitalised and a full stop at the end,
 * so a tokenizer has case and punctuation to handle. Positions index `words`, which is what a word-level
 * tokenizer yields for `text`; token i of an encoding with a leading [CLS] is word i - 1.
 */
import { UsageError } from '../errors.js';
import { childSeed, integer, mulberry32, pick, shuffled } from './random.js';

/** Class names, by label. */
export const CUE_TEXT_LABELS = ['negative', 'positive'] as const;

export const CUE_WORDS: Readonly<Record<(typeof CUE_TEXT_LABELS)[number], readonly string[]>> = {
  negative: ['bad', 'awful', 'terrible', 'poor', 'dreadful', 'boring', 'dull', 'horrible', 'weak', 'tedious', 'clumsy', 'mediocre'],
  positive: ['good', 'great', 'excellent', 'wonderful', 'superb', 'brilliant', 'delightful', 'charming', 'lovely', 'splendid', 'terrific', 'enjoyable'],
};

/** Words that carry no label: nouns, verbs and function words of a film review. */
export const NEUTRAL_WORDS: readonly string[] = [
  'the', 'a', 'movie', 'film', 'plot', 'story', 'actor', 'actress', 'scene', 'ending', 'music', 'director', 'script',
  'cast', 'character', 'camera', 'was', 'is', 'seemed', 'felt', 'and', 'with', 'of', 'in', 'this', 'that', 'its',
  'very', 'quite', 'rather', 'really', 'overall', 'truly', 'just', 'at', 'times', 'from', 'start', 'to', 'finish',
  'screen', 'dialogue', 'pacing', 'effects', 'sound', 'lead', 'role', 'performance', 'audience', 'night', 'theatre',
  'second', 'half', 'first', 'act', 'we', 'it', 'fairly', 'version', 'book',
];

/** The sentence's last token. */
export const FULL_STOP = '.';

export interface CueTextOptions {
  count: number;
  /** Words per sentence, cues included, full stop not. */
  minWords?: number;
  maxWords?: number;
  /** Supporting cues per sentence. */
  minCues?: number;
  maxCues?: number;
  /** Share of sentences with one distractor (a cue of the other polarity); the supporting cues still outnumber it. */
  distractorRate?: number;
  seed?: number;
}

/**
 * 8 to 16 words with 2 or 3 supporting cues: cues are about a fifth of the words, so a random attribution
 * puts about that share of its mass on them. Half the sentences carry a distractor, so the class cannot be
 * read from the presence of any cue alone: the model has to weigh the polarities.
 */
export const CUE_TEXT_DEFAULTS: Required<Omit<CueTextOptions, 'count'>> = {
  minWords: 8,
  maxWords: 16,
  minCues: 2,
  maxCues: 3,
  distractorRate: 0.5,
  seed: 0,
};

export interface CueSentence {
  text: string;
  /** The text's tokens as a word-level tokenizer yields them: lower-case words, then the full stop. */
  words: string[];
  /** 1 positive, 0 negative. */
  label: number;
  /** Indices in `words` of the supporting cues (of the label's polarity), ascending. */
  cues: number[];
  /** Indices in `words` of the distractor cues (of the other polarity), ascending. */
  distractors: number[];
}

/** `count` sentences, the same for the same options; labels alternate (0, 1, 0, ...). */
export function cueTextSentences(options: CueTextOptions): CueSentence[] {
  const o = resolve(options);
  return Array.from({ length: o.count }, (_, i) => cueSentence(i % CUE_TEXT_LABELS.length, mulberry32(childSeed(o.seed, i)), o));
}

function cueSentence(label: number, random: () => number, o: Required<CueTextOptions>): CueSentence {
  const length = integer(random, o.minWords, o.maxWords);
  const cueCount = integer(random, o.minCues, o.maxCues);
  const distractorCount = random() < o.distractorRate ? 1 : 0;
  const slots = shuffled(random, Array.from({ length }, (_, i) => i));
  const cues = slots.slice(0, cueCount).sort((a, b) => a - b);
  const distractors = slots.slice(cueCount, cueCount + distractorCount).sort((a, b) => a - b);
  const supporting = CUE_WORDS[CUE_TEXT_LABELS[label]];
  const opposing = CUE_WORDS[CUE_TEXT_LABELS[1 - label]];
  const words = Array.from({ length }, () => pick(random, NEUTRAL_WORDS));
  cues.forEach((i) => (words[i] = pick(random, supporting)));
  distractors.forEach((i) => (words[i] = pick(random, opposing)));
  const sentence = words.join(' ');
  const text = `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}${FULL_STOP}`;
  return { text, words: [...words, FULL_STOP], label, cues, distractors };
}

/** Every word the sentences can hold, in a fixed order: the full stop, then the neutral words, then the cues. */
export function cueTextWords(): string[] {
  return [FULL_STOP, ...NEUTRAL_WORDS, ...CUE_WORDS.negative, ...CUE_WORDS.positive];
}

/**
 * Share of an attribution's positive mass on the given positions: the cue-localisation score. Negative values
 * count as no evidence; 0 for a map with no positive mass. A random attribution scores positions / length on
 * average.
 */
export function positionMassShare(values: ArrayLike<number>, positions: readonly number[]): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += Math.max(0, values[i]);
  if (total === 0) return 0;
  return positions.reduce((s, p) => s + Math.max(0, values[p]), 0) / total;
}

/**
 * Share of the k highest-scoring positions that are in `positions`, k = positions.length (precision at k,
 * which is then also recall). Ties are broken by position, so a constant map is scored by its first k.
 */
export function topKHitRate(values: ArrayLike<number>, positions: readonly number[]): number {
  const k = positions.length;
  if (k === 0) return 0;
  const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[b] - values[a] || a - b);
  const wanted = new Set(positions);
  return order.slice(0, k).filter((i) => wanted.has(i)).length / k;
}

function resolve(options: CueTextOptions): Required<CueTextOptions> {
  const o = { ...CUE_TEXT_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as Required<CueTextOptions>;
  for (const key of ['count', 'minWords', 'maxWords', 'minCues', 'maxCues'] as const) {
    if (!Number.isSafeInteger(o[key]) || o[key] < 1) throw new UsageError(`cue text: ${key} must be a positive integer; got ${o[key]}`);
  }
  if (o.minWords > o.maxWords || o.minCues > o.maxCues) throw new UsageError(`cue text: min must not exceed max (words ${o.minWords}..${o.maxWords}, cues ${o.minCues}..${o.maxCues})`);
  if (!(o.distractorRate >= 0 && o.distractorRate <= 1)) throw new UsageError(`cue text: distractorRate must be in [0, 1]; got ${o.distractorRate}`);
  if (o.distractorRate > 0 && o.minCues < 2) throw new UsageError(`cue text: with distractors, minCues must be at least 2 so the supporting cues outnumber them; got ${o.minCues}`);
  if (o.maxCues + (o.distractorRate > 0 ? 1 : 0) > o.minWords) {
    throw new UsageError(`cue text: minWords (${o.minWords}) must leave room for ${o.maxCues} cues${o.distractorRate > 0 ? ' and a distractor' : ''}`);
  }
  if (!Number.isSafeInteger(o.seed)) throw new UsageError(`cue text: seed must be an integer; got ${o.seed}`);
  return o;
}
