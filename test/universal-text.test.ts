import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { detectArchitecture } from '../src/universal/detect.js';
import { explainUniversal } from '../src/universal/explain-universal.js';
import { loadAnyModel } from '../src/universal/load-universal.js';
import { simplifyTokens } from '../src/universal/simplify/tokens.js';
import { buildTextEncoder, saveTextEncoder, textClassifier, wordTokenizer, type TextClassifier } from '../src/zoo/text-encoder/index.js';
import { litecam } from './helpers/cli.js';
import { tempDir } from './helpers/fixtures.js';

const VOCABULARY = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', 'a', 'good', 'movie', 'not', 'bad', 'the', 'plot', '.'];

function tinyClassifier(): TextClassifier {
  const encoder = buildTextEncoder({ vocabSize: VOCABULARY.length, maxPositions: 32, hidden: 16, layers: 2, heads: 2, intermediate: 32, numClasses: 2, seed: 3 });
  return textClassifier(encoder, wordTokenizer(VOCABULARY), ['negative', 'positive']);
}

beforeAll(async () => {
  await initBackend('wasm');
});

describe('the universal path on a text encoder', () => {
  it('detects a transformer and keeps tokens with the tokens they draw on, labelled by word', async () => {
    const model = tinyClassifier();
    expect(detectArchitecture(model).architecture).toBe('transformer');
    const r = await explainUniversal(model, { kind: 'text', text: 'not a good movie .' });
    expect(r).toMatchObject({ architecture: 'transformer', adapter: 'text-transformer' });
    expect(r.attribution.topology).toEqual({ kind: 'sequence', length: 5 });
    expect(r.context?.labels).toEqual(['not', 'a', 'good', 'movie', '.']);
    expect(r.structure.kind).toBe('tokens');
    expect(r.simplified.coverage).toBeGreaterThanOrEqual(0.05);
    expect(r.confidence.components.coherence).toBeGreaterThanOrEqual(0);
    // The kept set is the token simplifier's over the normalised map and the adapter's relations (rollout rows).
    const direct = simplifyTokens(r.attribution.values, { relations: r.context?.relations, labels: r.context?.labels });
    expect(Array.from(r.kept ?? [])).toEqual(Array.from(direct.kept));
    expect(r.structure).toEqual(direct.structure);
    model.encoder.dispose();
  });
});

describe('litecam explain --text', () => {
  it('loads a saved text classifier by its manifest and writes the tokens as HTML with the kept ones outlined', async () => {
    const dir = tempDir();
    const model = tinyClassifier();
    await saveTextEncoder(join(dir, 'text-model'), model);
    model.encoder.dispose();
    expect((await loadAnyModel(join(dir, 'text-model')) as TextClassifier).labels).toEqual(['negative', 'positive']);
    const r = await litecam(['explain', '--model', join(dir, 'text-model'), '--text', 'the plot is not bad', '--json', '--out', join(dir, 'out')]);
    expect(r.stderr).toBe('');
    const rec = JSON.parse(r.stdout);
    expect(rec).toMatchObject({ input: '--text', architecture: 'transformer', structure: { kind: 'tokens' } });
    expect(rec.tokens).toEqual(['the', 'plot', 'is', 'not', 'bad']);
    expect(['negative', 'positive']).toContain(rec.label);
    const html = readFileSync(rec.figure, 'utf8');
    expect(html.match(/class="token kept"/g)?.length).toBe(rec.simplified.kept.length);
  });
});
