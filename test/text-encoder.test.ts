import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { UsageError } from '../src/errors.js';
import type { AttentionSource, GatedAttentionModel, TokenSplit } from '../src/explainers/transformer/index.js';
import {
  BERT_BASE,
  DISTILBERT_BASE,
  ROBERTA_BASE,
  TEXT_ENCODER_FLAVOURS,
  buildTextEncoder,
  parameterCounts,
  resolveTextEncoderConfig,
  weightSpecs,
  type TextEncoder,
  type TextEncoderFlavour,
} from '../src/zoo/text-encoder/index.js';

/** Tiny sizes; RoBERTa pads with id 1, the others with 0. */
const tiny = (flavour: TextEncoderFlavour, seed = 3) => ({
  flavour,
  vocabSize: 40,
  maxPositions: 24,
  hidden: 16,
  layers: 2,
  heads: 2,
  intermediate: 32,
  numClasses: 3,
  padId: flavour === 'roberta' ? 1 : 0,
  typeVocabSize: flavour === 'distilbert' ? 0 : flavour === 'roberta' ? 1 : 2,
  seed,
});

const ids = (rows: number[][]): tf.Tensor2D => tf.tensor2d(rows, undefined, 'int32');

const close = (a: ArrayLike<number>, b: ArrayLike<number>, digits: number): void => {
  expect(a.length).toBe(b.length);
  Array.from(a).forEach((v, i) => expect(v).toBeCloseTo(b[i], digits));
};

describe('text encoder parameter counts at the published shapes', () => {
  // Published counts of the headless models (Hugging Face's BertModel for bert-base-uncased, RobertaModel for
  // roberta-base, DistilBertModel for distilbert-base-uncased); by hand for BERT-base:
  // embeddings 30522*768 + 512*768 + 2*768 + 2*768 = 23,837,184; each block 4*(768*768+768) + 2*768
  // + (768*3072+3072) + (3072*768+768) + 2*768 = 7,087,872, times 12 = 85,054,464; pooler 768*768+768 = 590,592.
  it('BERT-base: 109,482,240 without the classifier (Devlin et al. 2019, "110M")', () => {
    const c = parameterCounts(BERT_BASE);
    expect(c.embeddings).toBe(23_837_184);
    expect(c.encoder).toBe(85_054_464);
    expect(c.embeddings + c.encoder + c.pooler).toBe(109_482_240);
    expect(c.total).toBe(109_482_240 + 768 * 2 + 2); // BertForSequenceClassification, 2 labels
  });

  it('RoBERTa-base: 124,645,632 (Liu et al. 2019, "125M"), 514 positions and one token type', () => {
    const c = parameterCounts(ROBERTA_BASE);
    expect(c.embeddings).toBe(50265 * 768 + 514 * 768 + 768 + 2 * 768);
    expect(c.embeddings + c.encoder + c.pooler).toBe(124_645_632);
    expect(c.total).toBe(124_647_170); // RobertaForSequenceClassification: dense + out_proj in place of the pooler
  });

  it('DistilBERT-base: 66,362,880 in embeddings and 6 blocks (Sanh et al. 2019, "66M"), 66,955,010 with its classifier', () => {
    const c = parameterCounts(DISTILBERT_BASE);
    expect(c.embeddings + c.encoder).toBe(66_362_880);
    expect(c.encoder).toBe(6 * 7_087_872);
    expect(c.total).toBe(66_955_010);
  });

  it('a built encoder holds exactly the listed weights, with their shapes', async () => {
    await initBackend('wasm');
    const config = resolveTextEncoderConfig(tiny('bert'));
    const model = buildTextEncoder(config);
    const specs = weightSpecs(config);
    expect([...model.variables.keys()]).toEqual(specs.map((s) => s.name));
    specs.forEach((s) => expect(model.variables.get(s.name)?.shape).toEqual(s.shape));
    const total = [...model.variables.values()].reduce((n, v) => n + v.size, 0);
    expect(total).toBe(parameterCounts(config).total);
    model.dispose();
  });
});

describe.each(TEXT_ENCODER_FLAVOURS)('the %s-shaped text encoder', (flavour) => {
  let model: TextEncoder;
  const pad = flavour === 'roberta' ? 1 : 0;
  // [CLS]=2, [SEP]=3 in these tests; the second row is padded by two.
  const rows = [
    [2, 10, 11, 12, 13, 3],
    [2, 20, 21, 3, pad, pad],
  ];
  beforeAll(async () => {
    await initBackend('wasm');
    model = buildTextEncoder(tiny(flavour));
  });
  afterAll(() => model.dispose());

  it('gives row-stochastic attention in every block, and exactly zero attention to padded positions', async () => {
    const x = ids(rows);
    const { logits, attentions } = await model.attentions(x);
    expect(logits.shape).toEqual([2, 3]);
    expect(attentions.map((a) => a.shape)).toEqual([[2, 2, 6, 6], [2, 2, 6, 6]]);
    for (const a of attentions) {
      const sums = tf.sum(a, -1);
      Array.from(sums.dataSync()).forEach((s) => expect(s).toBeCloseTo(1, 5));
      const padded = tf.slice(a, [1, 0, 0, 4], [1, -1, -1, 2]);
      expect(Array.from(padded.dataSync()).every((v) => v === 0)).toBe(true);
      tf.dispose([sums, padded]);
    }
    tf.dispose([x, logits, ...attentions]);
  });

  it('gives a sentence the same logits with or without trailing padding (mask and positions)', () => {
    const short = ids([rows[1].slice(0, 4)]);
    const padded = ids([[...rows[1], pad, pad]]);
    const [a, b] = [model.predict(short), model.predict(padded)];
    close(a.dataSync(), b.dataSync(), 5);
    tf.dispose([short, padded, a, b]);
  });

  it('reads padding from an explicit attention mask the same way as from the padding ids', () => {
    const x = ids(rows);
    const mask = tf.tensor2d([[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0]]);
    const [a, b] = [model.predict(x), model.predict(x, { attentionMask: mask })];
    close(a.dataSync(), b.dataSync(), 6);
    const masked = tf.tensor2d([[1, 1, 1, 1, 1, 1], [1, 1, 0, 1, 0, 0]]);
    const c = model.predict(x, { attentionMask: masked });
    expect(Math.abs(c.dataSync()[3] - a.dataSync()[3])).toBeGreaterThan(1e-6);
    tf.dispose([x, mask, masked, a, b, c]);
  });

  it('is unchanged by gates of ones, and the token split reproduces the logits at every cut, padding included', async () => {
    const x = ids(rows);
    const predicted = model.predict(x);
    const gated = tf.tidy(() => model.gatedLogits(x, [0, 1].map(() => tf.ones([2, 2, 6, 6]) as tf.Tensor4D)));
    close(gated.dataSync(), predicted.dataSync(), 5);
    for (const block of [0, 1]) {
      const split = model.atLength(6).tokenSplit(block);
      const { logits, tokens } = await split.run(x);
      expect(tokens.shape).toEqual([2, 6, 16]);
      const paddedTokens = tf.slice(tokens, [1, 4, 0], [1, 2, -1]);
      expect(Array.from(paddedTokens.dataSync()).every((v) => v === 0)).toBe(true);
      const again = split.head(tokens);
      close(logits.dataSync(), predicted.dataSync(), 5);
      close(again.dataSync(), predicted.dataSync(), 5);
      tf.dispose([logits, tokens, again, paddedTokens]);
    }
    tf.dispose([x, predicted, gated]);
  });

  it('is post-LN: every token entering a block has mean 0 and variance 1 over its width (gamma 1, beta 0)', async () => {
    const x = ids(rows);
    const { logits, tokens } = await model.atLength(6).tokenSplit(1).run(x);
    const real = tf.slice(tokens, [0, 0, 0], [1, -1, -1]);
    const { mean, variance } = tf.moments(real, -1);
    Array.from(mean.dataSync()).forEach((m) => expect(m).toBeCloseTo(0, 4));
    Array.from(variance.dataSync()).forEach((v) => expect(v).toBeCloseTo(1, 3));
    tf.dispose([x, logits, tokens, real, mean, variance]);
  });
});

describe('text encoder inputs and options', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('BERT reads token types; DistilBERT has none and rejects them', () => {
    const bert = buildTextEncoder(tiny('bert'));
    const distil = buildTextEncoder(tiny('distilbert'));
    const x = ids([[2, 10, 3, 11, 3]]);
    const second = tf.tensor2d([[0, 0, 0, 1, 1]], undefined, 'int32');
    const [a, b] = [bert.predict(x), bert.predict(x, { tokenTypeIds: second })];
    expect(Math.abs(a.dataSync()[0] - b.dataSync()[0])).toBeGreaterThan(1e-6);
    expect(() => distil.predict(x, { tokenTypeIds: second })).toThrow(/DistilBERT has no token types/);
    tf.dispose([x, second, a, b]);
    bert.dispose();
    distil.dispose();
  });

  it('RoBERTa numbers positions from padId + 1: position rows 0..padId never reach the logits; BERT reads row 0', () => {
    for (const flavour of ['roberta', 'bert'] as const) {
      const model = buildTextEncoder(tiny(flavour));
      const x = ids([[2, 10, 11, 3, tiny(flavour).padId]]);
      const before = model.predict(x);
      const table = model.variables.get('embeddings/position') as tf.Variable;
      const rows = flavour === 'roberta' ? 2 : 1;
      table.assign(tf.tidy(() => tf.concat([tf.fill([rows, 16], 50), tf.slice(table, [rows, 0], [-1, -1])])));
      const after = model.predict(x);
      const moved = Math.abs(after.dataSync()[0] - before.dataSync()[0]);
      if (flavour === 'roberta') expect(moved).toBeLessThan(1e-6);
      else expect(moved).toBeGreaterThan(1e-4);
      tf.dispose([x, before, after]);
      model.dispose();
    }
  });

  it('gives the same logits for the same seed and different ones for another', () => {
    const x = ids([[2, 5, 6, 3]]);
    const models = [buildTextEncoder(tiny('bert', 1)), buildTextEncoder(tiny('bert', 1)), buildTextEncoder(tiny('bert', 2))];
    const [a, b, c] = models.map((m) => m.predict(x));
    close(a.dataSync(), b.dataSync(), 6);
    expect(Math.abs(a.dataSync()[0] - c.dataSync()[0])).toBeGreaterThan(1e-4);
    tf.dispose([x, a, b, c]);
    models.forEach((m) => m.dispose());
  });

  it('rejects sizes that do not fit together, unknown options and bad ids, with one-line usage errors', () => {
    expect(() => resolveTextEncoderConfig({ hidden: 100, heads: 3 })).toThrow(/hidden must be a multiple of heads 3; got 100/);
    expect(() => resolveTextEncoderConfig({ flavour: 'gpt' as TextEncoderFlavour })).toThrow(/unknown flavour 'gpt'; expected one of: bert, roberta, distilbert/);
    expect(() => resolveTextEncoderConfig({ flavour: 'distilbert', typeVocabSize: 2 })).toThrow(UsageError);
    expect(() => resolveTextEncoderConfig({ depth: 2 } as object)).toThrow(/unknown option\(s\) depth/);
    expect(() => resolveTextEncoderConfig({ flavour: 'roberta', maxPositions: 2 })).toThrow(/maxPositions must exceed it/);
    const model = buildTextEncoder(tiny('roberta'));
    const tooLong = tf.zeros([1, 23], 'int32') as tf.Tensor2D; // 24 positions less padId + 1 = 22 tokens at most
    const outside = ids([[2, 40, 3]]);
    const floats = tf.tensor2d([[2, 5, 3]]);
    expect(() => model.predict(tooLong)).toThrow(/sequence length must be in 1\.\.22; got 23/);
    expect(() => model.predict(outside)).toThrow(/token ids must be in 0\.\.39; got 40/);
    expect(() => model.predict(floats)).toThrow(/expected token ids as an int32 \[N, T\] tensor; got float32/);
    expect(() => model.atLength(5).predict(outside)).toThrow(/reads ids of length 5; got shape \[1, 3\]/);
    expect(() => model.atLength(1)).toThrow(/length must be an integer in 2\.\.22; got 1/);
    expect(() => model.atLength(5).tokenSplit(2)).toThrow(/block must be an integer in \[0, 1\]; got 2/);
    tf.dispose([tooLong, outside, floats]);
    model.dispose();
  });

  it('on ids of one length provides every interface the transformer explainers read', () => {
    const model = buildTextEncoder(tiny('bert'));
    const view = model.atLength(7);
    const asSource: AttentionSource<tf.Tensor2D> = view;
    const asGated: GatedAttentionModel<tf.Tensor2D> = view;
    const asSplit: TokenSplit<tf.Tensor2D> = view.tokenSplit();
    expect([asSource.prefixTokens, asGated.depth, asSplit.patchGrid.width, asSplit.patchGrid.height]).toEqual([1, 2, 6, 1]);
    model.dispose();
  });

  it('trains: the embedding tables get gradients on wasm, where tf.gather has none', () => {
    const model = buildTextEncoder(tiny('bert'));
    const x = ids([[2, 5, 6, 3]]);
    const word = model.variables.get('embeddings/word') as tf.Variable;
    const { grads, value } = tf.variableGrads(() => tf.sum(model.predict(x)), [word]);
    const g = grads[word.name];
    const rowNorms = tf.sum(tf.abs(g), 1).dataSync();
    // Only the rows of the ids seen (2, 5, 6, 3) get a gradient.
    rowNorms.forEach((v, row) => ([2, 3, 5, 6].includes(row) ? expect(v).toBeGreaterThan(0) : expect(v).toBe(0)));
    tf.dispose([x, value, g]);
    model.dispose();
  });
});
