import * as tf from '@tensorflow/tfjs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { TfjsLayersModel } from '../src/engines/tfjs/layers-model.js';
import { UsageError } from '../src/errors.js';
import { disposeModel, loadAnyModel } from '../src/universal/load-universal.js';
import { readUniversalInput } from '../src/universal/read-input.js';
import { LayersSequenceModel } from '../src/universal/sequence-model.js';
import { tempDir, writeSmallConvModel } from './helpers/fixtures.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

async function rejection(promise: Promise<unknown>): Promise<UsageError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
  throw new Error('expected a UsageError');
}

beforeAll(async () => {
  await initBackend('wasm');
});

describe('loading any model by what it is', () => {
  it('tells a TF.js model over images from one over sequences by its input, not by a flag', async () => {
    const image = await loadAnyModel(await writeSmallConvModel(join(tempDir(), 'cnn')));
    expect(image).toBeInstanceOf(TfjsLayersModel);
    const sequence = await loadAnyModel(join(ROOT, 'models/rnn/model'));
    expect(sequence).toBeInstanceOf(LayersSequenceModel);
    expect(sequence).toMatchObject({ steps: 30, features: 3, outputs: 3 });
    disposeModel(image);
    disposeModel(sequence);
  });

  it('builds the recurrent and ViT zoo models by name, and lists every zoo name for an unknown one', async () => {
    const lstm = await loadAnyModel('zoo:timeseries-regressor', { numClasses: 2 });
    expect(lstm).toMatchObject({ task: 'regression', steps: 50, features: 8, outputs: 2 });
    disposeModel(lstm);
    const vit = (await loadAnyModel('zoo:vit', { inputSize: 32, numClasses: 3 })) as { numClasses: number; patchGrid: object; dispose(): void };
    expect(vit.numClasses).toBe(3);
    expect(vit.patchGrid).toEqual({ width: 2, height: 2 });
    vit.dispose();
    const e = await rejection(loadAnyModel('zoo:alexnet'));
    expect(e.message).toBe("unknown zoo model 'alexnet'; the zoo has mobilenetv2, resnet18, vgg16, efficientnetb0, lstm, gru, bilstm, timeseries-regressor, timeseries-classifier, vit");
  });
});

describe('reading inputs from files', () => {
  const dir = tempDir();
  const write = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('reads a CSV sequence with or without a header, and JSON sequences of one or more features', () => {
    expect(readUniversalInput(write('h.csv', 'x,y\n1,2\n3,4\n5,6\n'))).toEqual({ kind: 'sequence', values: Float32Array.from([1, 2, 3, 4, 5, 6]), steps: 3, features: 2 });
    expect(readUniversalInput(write('n.csv', '1, 2\r\n3, 4\r\n'))).toMatchObject({ steps: 2, features: 2 });
    expect(readUniversalInput(write('u.json', '[0.5, 1, 1.5]'))).toMatchObject({ kind: 'sequence', steps: 3, features: 1 });
    expect(readUniversalInput(write('m.json', '[[1, 2, 3], [4, 5, 6]]'))).toMatchObject({ kind: 'sequence', steps: 2, features: 3 });
  });

  it('reads a graph with its explained node, and text', () => {
    const g = readUniversalInput(write('g.json', JSON.stringify({ nodes: 3, features: [[1, 0], [0, 1], [1, 1]], edges: [[0, 1], [1, 2]], node: 2 })));
    expect(g).toEqual({ kind: 'graph', nodes: 3, featureSize: 2, features: Float32Array.from([1, 0, 0, 1, 1, 1]), edges: [[0, 1], [1, 2]], node: 2 });
    expect(readUniversalInput(write('t.txt', '  a good movie \n'))).toEqual({ kind: 'text', text: 'a good movie' });
  });

  it.each([
    ['e.csv', '', /the sequence has no steps/],
    ['nan.json', '[[1, null]]', /step 0, feature 1: expected a finite number, got null/],
    ['edge.json', JSON.stringify({ features: [[1], [2]], edges: [[0, 2]] }), /edge 0 must be a pair of node indices in 0\.\.1; got \[0,2\]/],
    ['rows.json', JSON.stringify({ nodes: 3, features: [[1], [2]], edges: [] }), /"nodes" is 3 but "features" has 2 rows/],
    ['node.json', JSON.stringify({ features: [[1], [2]], edges: [], node: 5 }), /"node" must be a node index in 0\.\.1; got 5/],
    ['empty.txt', '   ', /the text is empty/],
    ['what.json', '{"a": 1}', /expected a sequence/],
  ])('rejects %s with one line', (name, text, pattern) => {
    expect(() => readUniversalInput(write(name, text))).toThrow(pattern);
  });
});

describe('a sequence model that is not one', () => {
  it('refuses an image model as a LayersSequenceModel with the shape it has', () => {
    const cnn = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 2, kernelSize: 3 }), tf.layers.flatten(), tf.layers.dense({ units: 2 })] });
    expect(() => new LayersSequenceModel(cnn, 'cnn.json')).toThrow('model cnn.json does not take sequences: its input shape is [?, 8, 8, 3], expected [batch, steps, features]');
    cnn.dispose();
  });
});
