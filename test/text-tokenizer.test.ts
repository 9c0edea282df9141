import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { parseVocabulary, preTokenize, wordTokenizer } from '../src/zoo/text-encoder/index.js';

const BERT_VOCABULARY = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '.', ',', "'", 'the', 'film', 'was', 'great', 'don', 't', 'café'];
const ROBERTA_VOCABULARY = ['<s>', '<pad>', '</s>', '<unk>', 'the', 'film', 'was', 'great', '.'];

describe('pre-tokenisation', () => {
  it('lower-cases, splits on white space and makes every punctuation mark a token, as BERT does', () => {
    expect(preTokenize("The film,  was GREAT. Don't!")).toEqual(['the', 'film', ',', 'was', 'great', '.', 'don', "'", 't', '!']);
  });

  it('drops control characters, keeps letters with accents whole, and gives nothing for blank text', () => {
    expect(preTokenize('caf\u00e9\u0007 ok\ttab\nline')).toEqual(['café', 'ok', 'tab', 'line']);
    expect(preTokenize('cafe\u0301')).toEqual(['café']); // a combining accent composes (NFC)
    expect(preTokenize(' \n\t ')).toEqual([]);
  });
});

describe('the word tokenizer', () => {
  const tokenizer = wordTokenizer(BERT_VOCABULARY);

  it("finds BERT's special tokens by name and frames the words with [CLS] and [SEP]", () => {
    expect([tokenizer.padId, tokenizer.unkId, tokenizer.clsId, tokenizer.sepId]).toEqual([0, 1, 2, 3]);
    const e = tokenizer.encode('The film was great.');
    expect(Array.from(e.ids)).toEqual([2, 7, 8, 9, 10, 4, 3]);
    expect(e.tokens).toEqual(['[CLS]', 'the', 'film', 'was', 'great', '.', '[SEP]']);
    expect(e.special).toEqual([true, false, false, false, false, false, true]);
  });

  it('round-trips text whose words are all in the vocabulary (as its lower-cased tokens)', () => {
    const text = "The film, was great. Don't";
    expect(tokenizer.decode(tokenizer.encode(text).ids)).toBe(preTokenize(text).join(' '));
  });

  it('maps unknown words to [UNK] but shows them as written', () => {
    const e = tokenizer.encode('the movie was great');
    expect(Array.from(e.ids)).toEqual([2, 7, 1, 9, 10, 3]);
    expect(e.tokens[2]).toBe('movie');
    expect(tokenizer.decode(e.ids)).toBe('the [UNK] was great');
  });

  it('pads a batch to its longest text, marking padding as special', () => {
    const { ids, length, encoded } = tokenizer.encodeBatch(['great', 'the film was great']);
    expect(length).toBe(6);
    expect(Array.from(ids)).toEqual([2, 10, 3, 0, 0, 0, 2, 7, 8, 9, 10, 3]);
    expect(encoded[0].tokens).toEqual(['[CLS]', 'great', '[SEP]', '[PAD]', '[PAD]', '[PAD]']);
    expect(encoded[0].special).toEqual([true, false, true, true, true, true]);
  });

  it('truncates to maxLength, special tokens included, and says how many words went', () => {
    const e = tokenizer.encode('the film was great .', { maxLength: 4 });
    expect(Array.from(e.ids)).toEqual([2, 7, 8, 3]);
    expect(e.truncated).toBe(3);
    expect(() => tokenizer.encode('x', { maxLength: 1 })).toThrow(/maxLength must be an integer >= 2/);
  });

  it('does not let text spell a special token', () => {
    expect(Array.from(tokenizer.encode('[CLS]').ids)).toEqual([2, 1, 1, 1, 3]); // '[', 'cls', ']' are unknown
  });

  it("finds RoBERTa's special tokens when the vocabulary has them", () => {
    const roberta = wordTokenizer(ROBERTA_VOCABULARY);
    expect([roberta.clsId, roberta.padId, roberta.sepId, roberta.unkId]).toEqual([0, 1, 2, 3]);
    const e = roberta.encode('The film was good.');
    expect(Array.from(e.ids)).toEqual([0, 4, 5, 6, 3, 8, 2]);
    expect(e.tokens[0]).toBe('<s>');
  });

  it('rejects vocabularies without a full set of special tokens, with blank or repeated lines, and ids outside it', () => {
    expect(() => wordTokenizer(['[CLS]', '[SEP]', 'a'])).toThrow(/must hold BERT's special tokens/);
    expect(() => parseVocabulary('a\n\nb\n')).toThrow(/line 2 must hold one token without white space/);
    expect(() => parseVocabulary('a\nb\na\n')).toThrow(/line 3 repeats the token 'a'/);
    expect(() => parseVocabulary('')).toThrow(UsageError);
    expect(() => tokenizer.decode([99])).toThrow(/id 99 is outside the vocabulary \(0\.\.13\)/);
  });

  it('writes the vocabulary file it was read from', () => {
    const file = tokenizer.toVocabularyFile();
    expect(parseVocabulary(file)).toEqual(BERT_VOCABULARY);
    expect(file.endsWith('café\n')).toBe(true);
  });
});
