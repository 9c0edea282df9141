import * as tf from '@tensorflow/tfjs';
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { explain } from '../src/explain.js';
import { loadModel } from '../src/load.js';
import { tinyModel } from './helpers/tiny-model.js';
import { tempDir, writeSmallConvModel } from './helpers/fixtures.js';

beforeAll(async () => {
  await initBackend('wasm');
});

function randomInput(n: number, seed: number): Float32Array {
  return tf.randomUniform([n], 0, 1, 'float32', seed).dataSync() as Float32Array;
}

describe('explain()', () => {
  it('leaves the tensor count where it started after 50 explanations', async () => {
    const model = tinyModel();
    const inputs = [{ source: 'a', data: randomInput(48, 1) }, { source: 'b', data: randomInput(48, 2) }];
    await explain(model, inputs, { topK: 2 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) await explain(model, inputs, { topK: 2, threshold: { kind: 'dynamic' } });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('flags an all-zero map and keeps it zero, never NaN', async () => {
    const model = tinyModel(); // a bias-free 1x1 conv: a black image gives zero activations everywhere
    const [r] = await explain(model, [{ source: 'black', data: new Float32Array(48) }], { classes: [0] });
    const e = r.explanations[0];
    expect(e.allZero).toBe(true);
    expect(Array.from(e.attribution.values).every((v) => v === 0)).toBe(true);
    expect(e.threshold.coverage).toBe(0);
    expect(e.threshold.energy).toBe(0);
    expect(Number.isNaN(e.threshold.cutoff)).toBe(false);
    model.dispose();
  });

  it('normalises the map to a maximum of 1 and reports per-stage timings', async () => {
    const model = tinyModel();
    const [r] = await explain(model, [{ source: 'x', data: randomInput(48, 9) }]);
    const e = r.explanations[0];
    expect(Math.max(...e.attribution.values)).toBeCloseTo(1, 6);
    expect(e.timings.totalMs).toBeGreaterThanOrEqual(e.timings.forwardMs);
    model.dispose();
  });

  it('explains a model that ends in softmax with its logits, not its probabilities', async () => {
    const dir = tempDir();
    const model = await loadModel(await writeSmallConvModel(dir), { preprocess: 'unit' });
    const data = randomInput(32 * 32 * 3, 4);
    const x = tf.tensor4d(data, [1, 32, 32, 3]);
    const tfModel = (model as unknown as { model: tf.LayersModel }).model;
    const probs = (tfModel.predict(x) as tf.Tensor).dataSync();
    const [r] = await explain(model, [{ source: 'x', data }], { topK: 5 });
    // softmax of the reported logits gives back the model's own probabilities
    r.predictions.forEach((p) => expect(p.probability).toBeCloseTo(probs[p.class], 5));
    const logits = r.predictions.map((p) => p.score);
    expect(Math.max(...logits)).toBeGreaterThan(Math.max(...r.predictions.map((p) => p.probability)) - 1); // finite, not log(0)
    // a logit gradient does not vanish the way a saturated probability's would: the map is non-trivial
    expect(r.explanations[0].allZero).toBe(false);
    x.dispose();
    model.dispose();
  });

  it('rejects a class index outside the model and a batch size below 1', async () => {
    const model = tinyModel();
    const inputs = [{ source: 'x', data: randomInput(48, 3) }];
    await expect(explain(model, inputs, { classes: [2] })).rejects.toThrow(/class index 2 is out of range; the model has 2 classes/);
    await expect(explain(model, inputs, { batchSize: 0 })).rejects.toThrow(/batch size must be a positive integer/);
    model.dispose();
  });
});

describe('loading a TF.js model over HTTP', () => {
  let server: Server;
  let base: string;
  let dir: string;

  beforeAll(async () => {
    dir = tempDir();
    await writeSmallConvModel(dir);
    server = createServer((req, res) => {
      try {
        res.end(readFileSync(join(dir, (req.url ?? '/').slice(1))));
      } catch {
        res.statusCode = 404;
        res.end('not found');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    base = `http://127.0.0.1:${address.port}`;
  });

  afterAll(() => {
    server.close();
  });

  it('loads model.json and its weights from a URL and explains with it', async () => {
    const remote = await loadModel(`${base}/model.json`, { preprocess: 'unit' });
    const local = await loadModel(join(dir, 'model.json'), { preprocess: 'unit' });
    const data = randomInput(32 * 32 * 3, 8);
    const [a] = await explain(remote, [{ source: 'x', data }]);
    const [b] = await explain(local, [{ source: 'x', data }]);
    expect(a.predictions[0].class).toBe(b.predictions[0].class);
    a.explanations[0].attribution.values.forEach((v, i) => expect(v).toBeCloseTo(b.explanations[0].attribution.values[i], 5));
    remote.dispose();
    local.dispose();
  });

  it('fails with one line for a URL that does not serve a model', async () => {
    await expect(loadModel(`${base}/missing.json`, { preprocess: 'unit' })).rejects.toThrow(/cannot load TF.js model .*missing.json/);
  });
});
