/**
 * The universal explainer's adapter for transformer text encoders: the zoo's BERT, RoBERTa and DistilBERT
 * shapes (src/zoo/text-encoder), given as a `TextClassifier` (encoder, tokenizer, labels; what
 * `loadTextEncoder` returns), which explains text or token ids, or as a bare `TextEncoder`, which explains
 * token ids only.
 *
 * The map covers the words of the text only: [CLS], [SEP] and padding (or RoBERTa's <s>, </s>, <pad>) are
 * dropped from it, from `context.labels` and from `context.relations`, so every entry of the sequence is a
 * word a reader can see. Without a vocabulary, the first token is taken as the class token, padding ids are
 * dropped, and every other token is kept and labelled by its id. Text longer than the encoder's positions
 * loses its last words; the labels show what was read.
 */
import * as tf from '@tensorflow/tfjs';
import { UsageError } from '../../errors.js';
import { explainTokenRow, parseTokenRowMethod, TOKEN_ROW_METHODS } from '../../explainers/transformer/token-row.js';
import { FLAVOUR_TRAITS, maxSequenceLength, TEXT_ENCODER_FLAVOURS } from '../../zoo/text-encoder/config.js';
import type { TextEncoder } from '../../zoo/text-encoder/encoder.js';
import type { TextClassifier } from '../../zoo/text-encoder/text-classifier.js';
import type { WordTokenizer } from '../../zoo/text-encoder/tokenizer.js';
import type { ExplainFamilyOptions, FamilyAdapter, FamilyResult, UniversalInput } from '../types.js';

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

/** A text encoder by its structure: a known flavour's configuration, per-block attentions, a token-row view, named weights. */
function asTextEncoder(model: unknown): TextEncoder | null {
  if (!isRecord(model) || !isRecord(model.config)) return null;
  const shaped =
    (TEXT_ENCODER_FLAVOURS as readonly unknown[]).includes(model.config.flavour) &&
    typeof model.attentions === 'function' &&
    typeof model.gatedLogits === 'function' &&
    typeof model.atLength === 'function' &&
    model.variables instanceof Map &&
    Number.isSafeInteger(model.depth) &&
    Number.isSafeInteger(model.heads);
  return shaped ? (model as unknown as TextEncoder) : null;
}

function asTokenizer(x: unknown): WordTokenizer | null {
  return isRecord(x) && typeof x.encode === 'function' && Array.isArray(x.vocabulary) && Number.isSafeInteger(x.clsId) ? (x as unknown as WordTokenizer) : null;
}

/** The encoder and, for a classifier, its tokenizer and labels. */
function unpack(model: unknown): { encoder: TextEncoder; tokenizer: WordTokenizer | null; labels: string[] | null } | null {
  const bare = asTextEncoder(model);
  if (bare) return { encoder: bare, tokenizer: null, labels: null };
  if (!isRecord(model)) return null;
  const encoder = asTextEncoder(model.encoder);
  const tokenizer = asTokenizer(model.tokenizer);
  if (!encoder || !tokenizer) return null;
  return { encoder, tokenizer, labels: Array.isArray(model.labels) ? (model as unknown as TextClassifier).labels : null };
}

/** The ids to run, the positions to score and how to label them. */
interface TokenRow {
  ids: Int32Array;
  positions: number[];
  labels: string[];
}

function rowFromText(text: string, tokenizer: WordTokenizer, longest: number): TokenRow {
  const encoded = tokenizer.encode(text, { maxLength: longest });
  const positions = encoded.special.flatMap((special, i) => (special ? [] : [i]));
  if (positions.length === 0) throw new UsageError('text-transformer: the text has no words to explain');
  return { ids: encoded.ids, positions, labels: positions.map((i) => encoded.tokens[i]) };
}

function rowFromIds(given: Int32Array, encoder: TextEncoder, tokenizer: WordTokenizer | null): TokenRow {
  const c = encoder.config;
  const bad = Array.from(given).find((id) => !Number.isSafeInteger(id) || id < 0 || id >= c.vocabSize);
  if (bad !== undefined) throw new UsageError(`text-transformer: token ids must be integers in 0..${c.vocabSize - 1}; got ${bad}`);
  if (!tokenizer) {
    const positions = Array.from(given).flatMap((id, i) => (i > 0 && id !== c.padId ? [i] : []));
    if (positions.length === 0) throw new UsageError('text-transformer: no tokens after the first to explain');
    return { ids: given, positions, labels: positions.map((i) => `#${given[i]}`) };
  }
  const framed = given[0] === tokenizer.clsId ? given : Int32Array.from([tokenizer.clsId, ...given, tokenizer.sepId]);
  const specials = new Set([tokenizer.clsId, tokenizer.sepId, tokenizer.padId]);
  const positions = Array.from(framed).flatMap((id, i) => (specials.has(id) ? [] : [i]));
  if (positions.length === 0) throw new UsageError('text-transformer: the token ids hold no words to explain');
  return { ids: framed, positions, labels: positions.map((i) => tokenizer.vocabulary[framed[i]]) };
}

function softmax(logits: Float32Array): Float64Array {
  const top = Math.max(...logits);
  const e = Float64Array.from(logits, (v) => Math.exp(v - top));
  const sum = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / sum);
}

export const textTransformerAdapter: FamilyAdapter = {
  name: 'text-transformer',
  architecture: 'transformer',
  inputs: ['text', 'tokens'],
  methods: TOKEN_ROW_METHODS,
  looksFor: 'text encoders (BERT, RoBERTa or DistilBERT shaped, with or without their vocabulary)',
  detect(model) {
    try {
      const found = unpack(model);
      if (!found) return null;
      const { encoder, tokenizer } = found;
      const shape = `${FLAVOUR_TRAITS[encoder.config.flavour].name}-shaped encoder, ${encoder.depth} blocks x ${encoder.heads} heads`;
      return tokenizer ? `${shape}, vocabulary of ${tokenizer.vocabulary.length} tokens` : `${shape}, no vocabulary (token ids only)`;
    } catch {
      return null;
    }
  },
  async explain(model: unknown, input: UniversalInput, options: ExplainFamilyOptions): Promise<FamilyResult> {
    const found = unpack(model);
    if (!found) throw new UsageError('text-transformer: the model is not a zoo text encoder (or a classifier with its tokenizer)');
    const { encoder, tokenizer } = found;
    const method = parseTokenRowMethod(options.method ?? TOKEN_ROW_METHODS[0]);
    let row: TokenRow;
    if (input.kind === 'text') {
      if (!tokenizer) throw new UsageError('text-transformer: this encoder has no vocabulary; give token ids, or load it with its vocab.txt');
      row = rowFromText(input.text, tokenizer, maxSequenceLength(encoder.config));
    } else if (input.kind === 'tokens') {
      row = rowFromIds(input.ids, encoder, tokenizer);
    } else {
      throw new UsageError(`text-transformer: explains text or token ids; got ${input.kind} input`);
    }
    if (row.ids.length > maxSequenceLength(encoder.config)) {
      throw new UsageError(`text-transformer: ${row.ids.length} tokens; this encoder reads at most ${maxSequenceLength(encoder.config)}`);
    }
    const ids = tf.tensor2d(row.ids, [1, row.ids.length], 'int32');
    try {
      const result = await explainTokenRow(encoder.atLength(row.ids.length), ids, row.positions, { method, target: options.target });
      const probabilities = softmax(result.logits);
      const runnerUp = Math.max(...Array.from(probabilities).filter((_, i) => i !== result.target), 0);
      return {
        method,
        target: result.target,
        score: result.logits[result.target],
        probability: probabilities[result.target],
        runnerUpProbability: encoder.numClasses > 1 ? runnerUp : undefined,
        attribution: { values: result.values, topology: { kind: 'sequence', length: row.positions.length } },
        context: { labels: row.labels, relations: result.relations },
        explainMs: result.explainMs,
      };
    } finally {
      ids.dispose();
    }
  },
};
