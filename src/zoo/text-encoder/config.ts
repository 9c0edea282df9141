/**
 * The text encoder's shape: three flavours of one post-LN encoder, at their published base sizes or any
 * smaller size. What differs between the flavours is small and listed here:
 *
 * - BERT (Devlin et al., "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
 *   NAACL 2019): word + position + token-type embeddings, a pooler (dense + tanh) on [CLS], LayerNorm eps 1e-12.
 * - RoBERTa (Liu et al., "RoBERTa: A Robustly Optimized BERT Pretraining Approach", 2019): one token type, and
 *   positions numbered from the padding id + 1 (fairseq's convention), so 512 tokens need 514 position rows;
 *   the classification head is dense + tanh + out on <s>; LayerNorm eps 1e-5.
 * - DistilBERT (Sanh et al., "DistilBERT, a distilled version of BERT", 2019): 6 blocks, no token types, and a
 *   pre_classifier dense + ReLU on [CLS]; LayerNorm eps 1e-12.
 *
 * Sizes and epsilons are those of the Hugging Face configurations of bert-base-uncased, roberta-base and
 * distilbert-base-uncased, which the papers' released checkpoints were converted to.
 */
import { UsageError } from '../../errors.js';
import { rejectUnknownOptions } from '../options.js';

export const TEXT_ENCODER_FLAVOURS = ['bert', 'roberta', 'distilbert'] as const;

export type TextEncoderFlavour = (typeof TEXT_ENCODER_FLAVOURS)[number];

export interface TextEncoderOptions {
  flavour?: TextEncoderFlavour;
  /** Rows of the word embedding. */
  vocabSize?: number;
  /** Rows of the position embedding (RoBERTa: the longest input + padId + 1). */
  maxPositions?: number;
  /** Rows of the token-type embedding; 0 for none (DistilBERT). */
  typeVocabSize?: number;
  /** Token width (the model dimension D). */
  hidden?: number;
  /** Encoder blocks. */
  layers?: number;
  /** Attention heads per block; hidden must be a multiple of it. */
  heads?: number;
  /** Width of each block's feed-forward layer. */
  intermediate?: number;
  /** Width of the classifier's output (logits). */
  numClasses?: number;
  /** Id of the padding token: padded positions get no attention, and RoBERTa numbers positions after it. */
  padId?: number;
  /** Base seed of the random initialisation; each weight derives its own seed from it and its name. */
  seed?: number;
}

export type TextEncoderConfig = Required<TextEncoderOptions>;

/** The activation of the dense layer between the [CLS] token and the logits. */
export type PoolerActivation = 'tanh' | 'relu';

interface FlavourTraits {
  /** LayerNorm epsilon of the reference configuration. */
  layerNormEpsilon: number;
  poolerActivation: PoolerActivation;
  /** Positions start after the padding id (fairseq, RoBERTa) rather than at 0. */
  positionsAfterPadding: boolean;
  /** How the paper calls the model, for messages. */
  name: string;
}

export const FLAVOUR_TRAITS: Record<TextEncoderFlavour, FlavourTraits> = {
  bert: { layerNormEpsilon: 1e-12, poolerActivation: 'tanh', positionsAfterPadding: false, name: 'BERT' },
  roberta: { layerNormEpsilon: 1e-5, poolerActivation: 'tanh', positionsAfterPadding: true, name: 'RoBERTa' },
  distilbert: { layerNormEpsilon: 1e-12, poolerActivation: 'relu', positionsAfterPadding: false, name: 'DistilBERT' },
};

/** BERT-base (Devlin et al. 2019, Section 3): L = 12, H = 768, A = 12, uncased WordPiece vocabulary of 30522. */
export const BERT_BASE: TextEncoderConfig = {
  flavour: 'bert',
  vocabSize: 30522,
  maxPositions: 512,
  typeVocabSize: 2,
  hidden: 768,
  layers: 12,
  heads: 12,
  intermediate: 3072,
  numClasses: 2,
  padId: 0,
  seed: 0,
};

/** RoBERTa-base (Liu et al. 2019): BERT-base's encoder over a 50265-token byte-level BPE, <pad> = 1. */
export const ROBERTA_BASE: TextEncoderConfig = { ...BERT_BASE, flavour: 'roberta', vocabSize: 50265, maxPositions: 514, typeVocabSize: 1, padId: 1 };

/** DistilBERT-base (Sanh et al. 2019): half of BERT-base's blocks, no token types, BERT's vocabulary. */
export const DISTILBERT_BASE: TextEncoderConfig = { ...BERT_BASE, flavour: 'distilbert', layers: 6, typeVocabSize: 0 };

export const TEXT_ENCODER_PRESETS: Record<TextEncoderFlavour, TextEncoderConfig> = {
  bert: BERT_BASE,
  roberta: ROBERTA_BASE,
  distilbert: DISTILBERT_BASE,
};

export const TEXT_ENCODER_OPTION_NAMES: readonly string[] = Object.keys(BERT_BASE);

function requireInteger(option: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`text encoder: ${option} must be an integer >= ${min}; got ${String(value)}`);
  }
  return value;
}

/** Parses a flavour name; anything else is a UsageError listing the flavours. */
export function parseFlavour(flavour: unknown): TextEncoderFlavour {
  if (!(TEXT_ENCODER_FLAVOURS as readonly unknown[]).includes(flavour)) {
    throw new UsageError(`text encoder: unknown flavour '${String(flavour)}'; expected one of: ${TEXT_ENCODER_FLAVOURS.join(', ')}`);
  }
  return flavour as TextEncoderFlavour;
}

/** The flavour's base preset, overridden by what is given, checked for sizes that fit together. */
export function resolveTextEncoderConfig(options: TextEncoderOptions = {}): TextEncoderConfig {
  rejectUnknownOptions(options, TEXT_ENCODER_OPTION_NAMES, 'text encoder');
  const flavour = parseFlavour(options.flavour ?? 'bert');
  const preset = TEXT_ENCODER_PRESETS[flavour];
  const pick = (key: Exclude<keyof TextEncoderConfig, 'flavour'>, min: number): number => requireInteger(key, options[key] ?? preset[key], min);
  const c: TextEncoderConfig = {
    flavour,
    vocabSize: pick('vocabSize', 1),
    maxPositions: pick('maxPositions', 1),
    typeVocabSize: pick('typeVocabSize', 0),
    hidden: pick('hidden', 1),
    layers: pick('layers', 1),
    heads: pick('heads', 1),
    intermediate: pick('intermediate', 1),
    numClasses: pick('numClasses', 1),
    padId: pick('padId', 0),
    seed: pick('seed', 0),
  };
  if (c.hidden % c.heads !== 0) throw new UsageError(`text encoder: hidden must be a multiple of heads ${c.heads}; got ${c.hidden}`);
  if (c.padId >= c.vocabSize) throw new UsageError(`text encoder: padId must be below vocabSize ${c.vocabSize}; got ${c.padId}`);
  if (flavour === 'distilbert' && c.typeVocabSize !== 0) throw new UsageError(`text encoder: DistilBERT has no token types; typeVocabSize must be 0, got ${c.typeVocabSize}`);
  if (flavour !== 'distilbert' && c.typeVocabSize < 1) throw new UsageError(`text encoder: ${FLAVOUR_TRAITS[flavour].name} needs typeVocabSize >= 1; got ${c.typeVocabSize}`);
  if (c.maxPositions <= firstPosition(c)) {
    throw new UsageError(`text encoder: RoBERTa numbers positions from padId + 1 = ${firstPosition(c)}; maxPositions must exceed it, got ${c.maxPositions}`);
  }
  return c;
}

/** The position id of the first token: 0, or padId + 1 for RoBERTa. */
export function firstPosition(c: TextEncoderConfig): number {
  return FLAVOUR_TRAITS[c.flavour].positionsAfterPadding ? c.padId + 1 : 0;
}

/** The longest input the position table allows. */
export function maxSequenceLength(c: TextEncoderConfig): number {
  return c.maxPositions - firstPosition(c);
}
