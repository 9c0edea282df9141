/** The cue-text encoder's recipe: data, architecture, training and seeds, shared by the training script and the tests. */
import { CUE_TEXT_DEFAULTS, CUE_TEXT_LABELS, cueTextWords } from '../../src/datasets/cue-text.js';
import { BERT_SPECIAL_TOKENS } from '../../src/zoo/text-encoder/index.js';

export const CUE_DATA = { ...CUE_TEXT_DEFAULTS };

export const CUE_LABELS: string[] = [...CUE_TEXT_LABELS];

/** BERT's special tokens first, [PAD] at 0 as in bert-base-uncased's vocab.txt, then every word the sentences use. */
export const CUE_VOCABULARY: string[] = [BERT_SPECIAL_TOKENS.pad, BERT_SPECIAL_TOKENS.unk, BERT_SPECIAL_TOKENS.cls, BERT_SPECIAL_TOKENS.sep, ...cueTextWords()];

export const CUE_RECIPE = {
  trainCount: 3000,
  heldOutCount: 400,
  /** A BERT-shaped encoder at the size the task needs: 2 blocks of 4 heads, width 64. */
  model: {
    flavour: 'bert',
    vocabSize: CUE_VOCABULARY.length,
    /** The longest sentence is 16 words, a full stop, [CLS] and [SEP]: 19 tokens. */
    maxPositions: 32,
    typeVocabSize: 2,
    hidden: 64,
    layers: 2,
    heads: 4,
    intermediate: 128,
    numClasses: CUE_LABELS.length,
    padId: 0,
  },
  epochs: 3,
  batchSize: 32,
  learningRate: 0.002,
  seeds: { train: 1, heldOut: 2, weights: 7, batchOrder: 5, randomAttribution: 3 },
} as const;
