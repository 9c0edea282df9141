/**
 * A word-level tokenizer over a vocabulary file (one token per line, the line number its id, as BERT's
 * vocab.txt). Pre-tokenisation follows BERT's BasicTokenizer (Devlin et al. 2019): lower-case, drop control
 * characters, split on white space, and make every punctuation or symbol character a token of its own; a
 * word missing from the vocabulary becomes the unknown token. No sub-word pieces: the zoo encoders are
 * trained on closed vocabularies, and a whole word per token is what an explanation is read in.
 *
 * The special tokens are BERT's ([CLS] [SEP] [PAD] [UNK], also DistilBERT's) or RoBERTa's (<s> </s> <pad>
 * <unk>), whichever set the vocabulary holds.
 */
import { UsageError } from '../../errors.js';

export interface SpecialTokens {
  /** First token; the classifier reads it. */
  cls: string;
  /** Closes the sequence. */
  sep: string;
  pad: string;
  unk: string;
}

export const BERT_SPECIAL_TOKENS: SpecialTokens = { cls: '[CLS]', sep: '[SEP]', pad: '[PAD]', unk: '[UNK]' };
export const ROBERTA_SPECIAL_TOKENS: SpecialTokens = { cls: '<s>', sep: '</s>', pad: '<pad>', unk: '<unk>' };

export interface EncodedText {
  /** [CLS] word ... [SEP], then padding up to `padTo` when asked. */
  ids: Int32Array;
  /** What each position shows a reader: the word as written (lower-cased, even when unknown), or the special token. */
  tokens: string[];
  /** Whether each position is a special token ([CLS], [SEP], padding) rather than a word of the text. */
  special: boolean[];
  /** Words dropped to fit `maxLength`. */
  truncated: number;
}

export interface EncodeOptions {
  /** Longest encoding, special tokens included; longer texts lose their last words. */
  maxLength?: number;
  /** Pad with the padding token up to this length. */
  padTo?: number;
}

export interface WordTokenizer {
  readonly vocabulary: readonly string[];
  readonly specials: SpecialTokens;
  readonly clsId: number;
  readonly sepId: number;
  readonly padId: number;
  readonly unkId: number;
  /** The text's words and punctuation, lower-cased: what `encode` looks up. */
  words(text: string): string[];
  encode(text: string, options?: EncodeOptions): EncodedText;
  /** Several texts padded to the longest: ids [N, T] row-major. */
  encodeBatch(texts: readonly string[], options?: Omit<EncodeOptions, 'padTo'>): { ids: Int32Array; length: number; encoded: EncodedText[] };
  /** The vocabulary's tokens for the ids, special tokens left out, joined by spaces. */
  decode(ids: ArrayLike<number>): string;
  /** The vocabulary file's text. */
  toVocabularyFile(): string;
}

/** Control and format characters BERT's cleaner drops (white space is split on instead). */
const CONTROL = /[\p{Cc}\p{Cf}]/gu;
const WHITE_SPACE_CONTROL = /[\t\n\r]/g;
/** A run of letters, digits and combining marks, or one character of anything else that is not white space. */
const WORD_OR_PUNCTUATION = /[\p{L}\p{N}\p{M}]+|[^\s\p{L}\p{N}\p{M}]/gu;

export function preTokenize(text: string): string[] {
  const cleaned = text.replace(WHITE_SPACE_CONTROL, ' ').replace(CONTROL, '').normalize('NFC').toLowerCase();
  return cleaned.match(WORD_OR_PUNCTUATION) ?? [];
}

/** Tokens of a vocabulary file: one per line; a final newline is allowed, blank lines, white space and repeats are not. */
export function parseVocabulary(text: string, source = 'vocabulary'): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length === 0) throw new UsageError(`${source}: the vocabulary is empty`);
  const seen = new Set<string>();
  lines.forEach((token, i) => {
    if (token === '' || /\s/.test(token)) throw new UsageError(`${source}: line ${i + 1} must hold one token without white space; got '${token}'`);
    if (seen.has(token)) throw new UsageError(`${source}: line ${i + 1} repeats the token '${token}'`);
    seen.add(token);
  });
  return lines;
}

/** The special-token set the vocabulary holds entirely; BERT's first. */
function specialsOf(index: ReadonlyMap<string, number>, source: string): SpecialTokens {
  const found = [BERT_SPECIAL_TOKENS, ROBERTA_SPECIAL_TOKENS].find((s) => Object.values(s).every((t) => index.has(t)));
  if (!found) {
    throw new UsageError(`${source}: the vocabulary must hold BERT's special tokens ${Object.values(BERT_SPECIAL_TOKENS).join(' ')} or RoBERTa's ${Object.values(ROBERTA_SPECIAL_TOKENS).join(' ')}`);
  }
  return found;
}

export function wordTokenizer(vocabulary: readonly string[], source = 'vocabulary'): WordTokenizer {
  const tokens = parseVocabulary(`${vocabulary.join('\n')}\n`, source);
  const index = new Map(tokens.map((t, i) => [t, i]));
  const specials = specialsOf(index, source);
  const id = (t: string): number => index.get(t) as number;
  const [clsId, sepId, padId, unkId] = [specials.cls, specials.sep, specials.pad, specials.unk].map(id);
  const specialIds = new Set([clsId, sepId, padId]);

  const encode = (text: string, options: EncodeOptions = {}): EncodedText => {
    const { maxLength, padTo = 0 } = options;
    if (maxLength !== undefined && !(Number.isSafeInteger(maxLength) && maxLength >= 2)) {
      throw new UsageError(`tokenizer: maxLength must be an integer >= 2 (room for ${specials.cls} and ${specials.sep}); got ${String(maxLength)}`);
    }
    const all = preTokenize(text);
    const kept = maxLength === undefined ? all : all.slice(0, maxLength - 2);
    const length = Math.max(kept.length + 2, padTo);
    const ids = new Int32Array(length).fill(padId);
    const shown: string[] = new Array<string>(length).fill(specials.pad);
    ids[0] = clsId;
    shown[0] = specials.cls;
    kept.forEach((word, i) => {
      ids[i + 1] = index.get(word) ?? unkId;
      shown[i + 1] = word;
    });
    ids[kept.length + 1] = sepId;
    shown[kept.length + 1] = specials.sep;
    const special = shown.map((_, i) => i === 0 || i > kept.length);
    return { ids, tokens: shown, special, truncated: all.length - kept.length };
  };

  return {
    vocabulary: tokens,
    specials,
    clsId,
    sepId,
    padId,
    unkId,
    words: preTokenize,
    encode,
    encodeBatch: (texts, options = {}) => {
      if (texts.length === 0) throw new UsageError('tokenizer: no texts to encode');
      const unpadded = texts.map((t) => encode(t, options));
      const length = Math.max(...unpadded.map((e) => e.ids.length));
      const encoded = texts.map((t) => encode(t, { ...options, padTo: length }));
      const ids = new Int32Array(texts.length * length);
      encoded.forEach((e, i) => ids.set(e.ids, i * length));
      return { ids, length, encoded };
    },
    decode: (ids) =>
      Array.from(ids)
        .filter((i) => !specialIds.has(i))
        .map((i) => {
          if (!Number.isInteger(i) || i < 0 || i >= tokens.length) throw new UsageError(`tokenizer: id ${i} is outside the vocabulary (0..${tokens.length - 1})`);
          return tokens[i];
        })
        .join(' '),
    toVocabularyFile: () => `${tokens.join('\n')}\n`,
  };
}
