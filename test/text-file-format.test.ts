import * as tf from '@tensorflow/tfjs';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { UsageError } from '../src/errors.js';
import {
  MANIFEST_FILE,
  VOCABULARY_FILE,
  WEIGHTS_FILE,
  buildTextEncoder,
  loadTextEncoder,
  saveTextEncoder,
  textClassifier,
  wordTokenizer,
  type TextEncoderManifest,
} from '../src/zoo/text-encoder/index.js';
import { tempDir } from './helpers/fixtures.js';

const VOCABULARY = ['<s>', '<pad>', '</s>', '<unk>', 'good', 'bad', 'film', '.'];
const CONFIG = { flavour: 'roberta', vocabSize: 8, maxPositions: 12, hidden: 8, layers: 1, heads: 2, intermediate: 8, numClasses: 2, padId: 1, seed: 5 } as const;

/** A saved classifier in a fresh directory. */
async function savedModel(): Promise<string> {
  const dir = tempDir('litecam-text-');
  const encoder = buildTextEncoder(CONFIG);
  await saveTextEncoder(dir, textClassifier(encoder, wordTokenizer(VOCABULARY), ['negative', 'positive']));
  encoder.dispose();
  return dir;
}

const readManifest = (dir: string): TextEncoderManifest => JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as TextEncoderManifest;
const writeManifest = (dir: string, m: unknown): void => writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify(m));

describe('the text encoder file format', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('loads back the same flavour, sizes, labels, vocabulary and logits', async () => {
    const dir = await savedModel();
    const original = buildTextEncoder(CONFIG);
    const loaded = await loadTextEncoder(dir);
    expect(loaded.encoder.config).toEqual(original.config);
    expect(loaded.labels).toEqual(['negative', 'positive']);
    expect(loaded.tokenizer.vocabulary).toEqual(VOCABULARY);
    expect(loaded.tokenizer.padId).toBe(1);
    const ids = tf.tensor2d([[0, 4, 6, 7, 2, 1]], undefined, 'int32');
    const [a, b] = [original.predict(ids), loaded.encoder.predict(ids)];
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([ids, a, b]);
    original.dispose();
    loaded.encoder.dispose();
  });

  it('writes the manifest with its format tag, the configuration and every weight in order, and float32 weights', async () => {
    const dir = await savedModel();
    const m = readManifest(dir);
    expect([m.format, m.version, m.config.flavour, m.config.hidden]).toEqual(['litecam-text-encoder', 1, 'roberta', 8]);
    expect(m.weights[0]).toEqual({ name: 'embeddings/word', shape: [8, 8] });
    const count = m.weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
    expect(readFileSync(join(dir, WEIGHTS_FILE)).byteLength).toBe(4 * count);
  });

  const malformed: Array<[string, (dir: string) => void, RegExp]> = [
    ['an empty manifest', (d) => writeFileSync(join(d, MANIFEST_FILE), ''), /text-encoder\.json: not valid JSON/],
    ['a manifest that is not JSON', (d) => writeFileSync(join(d, MANIFEST_FILE), '{"format": '), /text-encoder\.json: not valid JSON/],
    ['another format', (d) => writeManifest(d, { ...readManifest(d), format: 'tfjs-layers' }), /not a text encoder manifest/],
    ['a newer version', (d) => writeManifest(d, { ...readManifest(d), version: 2 }), /unsupported version 2; this build reads version 1/],
    ['an unknown flavour', (d) => writeManifest(d, { ...readManifest(d), config: { ...readManifest(d).config, flavour: 'xlnet' } }), /unknown flavour 'xlnet'/],
    ['a size missing', (d) => { const m = readManifest(d); delete (m.config as Partial<typeof m.config>).heads; writeManifest(d, m); }, /"config" lacks heads/],
    ['sizes that do not fit', (d) => writeManifest(d, { ...readManifest(d), config: { ...readManifest(d).config, heads: 3 } }), /hidden must be a multiple of heads 3/],
    ['the wrong number of labels', (d) => writeManifest(d, { ...readManifest(d), labels: ['only'] }), /"labels" must list 2 class names/],
    ['a weight of the wrong shape', (d) => { const m = readManifest(d); m.weights[1].shape = [12, 4]; writeManifest(d, m); }, /weight 1 must be embeddings\/position \[12, 8\]/],
    ['a weight missing', (d) => { const m = readManifest(d); m.weights.pop(); writeManifest(d, m); }, /"weights" must list the \d+ weights of this configuration/],
    ['truncated weights', (d) => writeFileSync(join(d, WEIGHTS_FILE), readFileSync(join(d, WEIGHTS_FILE)).subarray(0, 100)), /weights\.bin: expected \d+ bytes \(\d+ float32 weights\); got 100/],
    ['a NaN weight', (d) => { const b = readFileSync(join(d, WEIGHTS_FILE)); b.writeFloatLE(Number.NaN, 8); writeFileSync(join(d, WEIGHTS_FILE), b); }, /weight value 2 is not finite/],
    ['a vocabulary with a repeated token', (d) => writeFileSync(join(d, VOCABULARY_FILE), `${VOCABULARY.join('\n')}\ngood\n`), /vocab\.txt: line 9 repeats the token 'good'/],
    ['a vocabulary larger than the embedding', (d) => writeFileSync(join(d, VOCABULARY_FILE), `${VOCABULARY.join('\n')}\nextra\n`), /9 tokens but the encoder embeds only 8/],
    ['a vocabulary padding with another id', (d) => writeFileSync(join(d, VOCABULARY_FILE), `<pad>\n<s>\n</s>\n<unk>\n`), /padding token <pad> is id 0 but the encoder pads with id 1/],
  ];

  it.each(malformed)('rejects %s with a one-line usage error', async (_, corrupt, message) => {
    const dir = await savedModel();
    corrupt(dir);
    const error = await loadTextEncoder(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('says when the directory or one of its files is missing', async () => {
    await expect(loadTextEncoder('/nonexistent/model')).rejects.toThrow(/\/nonexistent\/model is not a directory/);
    const empty = tempDir('litecam-text-empty-');
    await expect(loadTextEncoder(empty)).rejects.toThrow(/text-encoder\.json is missing/);
    const dir = await savedModel();
    rmSync(join(dir, VOCABULARY_FILE));
    await expect(loadTextEncoder(dir)).rejects.toThrow(/vocab\.txt is missing/);
  });
});
