import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { UsageError } from '../src/errors.js';
import { textTransformerAdapter as adapter } from '../src/universal/adapters/text-transformer.js';
import { ARCHITECTURES } from '../src/universal/types.js';
import { buildTextEncoder, textClassifier, wordTokenizer, type TextClassifier, type TextEncoder } from '../src/zoo/text-encoder/index.js';
import { buildVit } from '../src/zoo/vit.js';

const VOCABULARY = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '.', 'the', 'film', 'was', 'good', 'bad', 'plot'];
const SMALL = { vocabSize: VOCABULARY.length, maxPositions: 16, hidden: 16, layers: 2, heads: 4, intermediate: 16, numClasses: 2, seed: 2 };

describe('the text-transformer adapter', () => {
  let classifier: TextClassifier;
  let bare: TextEncoder;
  beforeAll(async () => {
    await initBackend('wasm');
    classifier = textClassifier(buildTextEncoder(SMALL), wordTokenizer(VOCABULARY), ['negative', 'positive']);
    bare = buildTextEncoder({ ...SMALL, flavour: 'distilbert', layers: 1, seed: 3 });
  });
  afterAll(() => {
    classifier.encoder.dispose();
    bare.dispose();
  });

  it('is named, placed and described as the universal contract asks', () => {
    expect([adapter.name, adapter.architecture]).toEqual(['text-transformer', 'transformer']);
    expect(ARCHITECTURES).toContain(adapter.architecture);
    expect(adapter.inputs).toEqual(['text', 'tokens']);
    expect(adapter.methods).toEqual(['gradient-rollout', 'attention-rollout', 'token-gradcam']);
  });

  it('recognises a classifier and a bare encoder by structure, and says what it saw', () => {
    expect(adapter.detect(classifier)).toBe('BERT-shaped encoder, 2 blocks x 4 heads, vocabulary of 11 tokens');
    expect(adapter.detect(bare)).toBe('DistilBERT-shaped encoder, 1 blocks x 4 heads, no vocabulary (token ids only)');
    const roberta = buildTextEncoder({ ...SMALL, flavour: 'roberta', padId: 1, maxPositions: 20 });
    expect(adapter.detect(roberta)).toMatch(/^RoBERTa-shaped encoder/);
    roberta.dispose();
  });

  it('returns null, never throws, for anything else', () => {
    const vit = buildVit({ inputSize: 32, patchSize: 16, depth: 1, heads: 1, width: 8, numClasses: 2 });
    const seq = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
    const hostile = new Proxy({}, { get: () => { throw new Error('no'); }, has: () => { throw new Error('no'); } });
    for (const model of [null, undefined, 3, 'bert', {}, { config: { flavour: 'bert' } }, { encoder: bare }, vit, seq, hostile]) {
      expect(adapter.detect(model)).toBeNull();
    }
    vit.dispose();
    seq.dispose();
  });

  it('explains text over its words only: a sequence map, labels and a [K, K] relation matrix of the same tokens', async () => {
    const result = await adapter.explain(classifier, { kind: 'text', text: 'The film was good.' }, {});
    expect(result.method).toBe('gradient-rollout');
    expect(result.context?.labels).toEqual(['the', 'film', 'was', 'good', '.']);
    expect(result.attribution.topology).toEqual({ kind: 'sequence', length: 5 });
    expect(result.attribution.values).toHaveLength(5);
    expect(Math.min(...result.attribution.values)).toBeGreaterThanOrEqual(0);
    expect(result.context?.relations).toHaveLength(25);
    // Rolled-out rows restricted to the words: at most 1 each, and every word keeps a residual share of itself.
    const r = result.context?.relations as Float32Array;
    for (let i = 0; i < 5; i++) {
      const row = r.slice(i * 5, i * 5 + 5);
      expect(row.reduce((s, v) => s + v, 0)).toBeLessThanOrEqual(1 + 1e-6);
      expect(row[i]).toBeGreaterThan(0);
    }
    const p = [result.probability as number, result.runnerUpProbability as number];
    expect(p[0] + p[1]).toBeCloseTo(1, 6);
    expect(p[0]).toBeGreaterThanOrEqual(p[1]);
    expect(result.explainMs).toBeGreaterThan(0);
  });

  it('explains the class asked for, with the method asked for', async () => {
    const input = { kind: 'text', text: 'the plot was bad' } as const;
    const forOne = await adapter.explain(classifier, input, { target: 1, method: 'token-gradcam' });
    const forZero = await adapter.explain(classifier, input, { target: 0, method: 'token-gradcam' });
    expect([forOne.target, forZero.target, forOne.method]).toEqual([1, 0, 'token-gradcam']);
    expect(forOne.probability).toBeCloseTo(1 - (forZero.probability as number), 6);
    const rolloutA = await adapter.explain(classifier, input, { target: 1, method: 'attention-rollout' });
    const rolloutB = await adapter.explain(classifier, input, { target: 0, method: 'attention-rollout' });
    expect(Array.from(rolloutA.attribution.values)).toEqual(Array.from(rolloutB.attribution.values)); // class-agnostic
  });

  it('explains token ids, framing them with [CLS] and [SEP] when they come bare, and keeps unknown words as [UNK]', async () => {
    const framed = await adapter.explain(classifier, { kind: 'tokens', ids: Int32Array.from([2, 5, 6, 1, 3]) }, { method: 'attention-rollout' });
    const bareIds = await adapter.explain(classifier, { kind: 'tokens', ids: Int32Array.from([5, 6, 1]) }, { method: 'attention-rollout' });
    expect(framed.context?.labels).toEqual(['the', 'film', '[UNK]']);
    expect(Array.from(bareIds.attribution.values)).toEqual(Array.from(framed.attribution.values));
  });

  it('explains ids on a bare encoder: the first token as the class token, padding dropped, tokens labelled by id', async () => {
    const result = await adapter.explain(bare, { kind: 'tokens', ids: Int32Array.from([2, 7, 8, 3, 0, 0]) }, {});
    expect(result.context?.labels).toEqual(['#7', '#8', '#3']);
    expect(result.attribution.values).toHaveLength(3);
  });

  it('rejects what it cannot explain with one-line usage errors', async () => {
    const cases: Array<[unknown, Parameters<typeof adapter.explain>[1], object, RegExp]> = [
      [{}, { kind: 'text', text: 'good' }, {}, /not a zoo text encoder/],
      [bare, { kind: 'text', text: 'good' }, {}, /has no vocabulary; give token ids/],
      [classifier, { kind: 'image', data: new Float32Array(3) }, {}, /explains text or token ids; got image input/],
      [classifier, { kind: 'text', text: '   ' }, {}, /the text has no words to explain/],
      [classifier, { kind: 'text', text: 'good' }, { method: 'lime' }, /unknown text transformer method 'lime'/],
      [classifier, { kind: 'text', text: 'good' }, { target: 2 }, /target must be a class index in 0\.\.1; got 2/],
      [classifier, { kind: 'tokens', ids: Int32Array.from([2, 99, 3]) }, {}, /token ids must be integers in 0\.\.10; got 99/],
      [classifier, { kind: 'tokens', ids: Int32Array.from([2, 3, 0]) }, {}, /hold no words to explain/],
      [classifier, { kind: 'tokens', ids: new Int32Array(20).fill(5) }, {}, /22 tokens; this encoder reads at most 16/],
    ];
    for (const [model, input, options, message] of cases) {
      const error = await adapter.explain(model, input, options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    for (const method of adapter.methods) await adapter.explain(classifier, { kind: 'text', text: 'the film was good' }, { method });
    expect(tf.memory().numTensors).toBe(before);
  });
});
