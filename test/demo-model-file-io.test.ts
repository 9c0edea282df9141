import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { fileSystemHandler, MODEL_FILE, saveHandler, WEIGHTS_FILE } from '../src/engines/tfjs/file-io.js';

function smallModel(): tf.LayersModel {
  const input = tf.input({ shape: [6, 6, 2] });
  const conv = tf.layers.conv2d({ filters: 3, kernelSize: 3, kernelInitializer: tf.initializers.randomNormal({ seed: 1 }), name: 'c' }).apply(input);
  const pooled = tf.layers.globalAveragePooling2d({}).apply(conv);
  const out = tf.layers.dense({ units: 4, kernelInitializer: tf.initializers.randomNormal({ seed: 2 }), name: 'd' }).apply(pooled);
  return tf.model({ inputs: input, outputs: out as tf.SymbolicTensor });
}

describe('file-system model handlers', () => {
  let dir: string;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'litecam-file-io-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('saves model.json plus one weights.bin and loads a model with identical outputs', async () => {
    const model = smallModel();
    const target = join(dir, 'nested', 'model');
    await model.save(saveHandler(target));
    expect((await readdir(target)).sort()).toEqual([MODEL_FILE, WEIGHTS_FILE]);
    const weightBytes = (await readFile(join(target, WEIGHTS_FILE))).byteLength;
    expect(weightBytes).toBe(4 * model.countParams());

    const loaded = await tf.loadLayersModel(fileSystemHandler(join(target, MODEL_FILE)));
    const x = tf.randomUniform([2, 6, 6, 2], 0, 1, 'float32', 3);
    const expected = await (model.predict(x) as tf.Tensor).data();
    const actual = await (loaded.predict(x) as tf.Tensor).data();
    expect(Array.from(actual)).toEqual(Array.from(expected));
    expect(loaded.getLayer('c').outputShape).toEqual([null, 4, 4, 3]);
  });

  it('loads weights split over several shards in manifest order', async () => {
    const model = smallModel();
    const source = join(dir, 'single');
    await model.save(saveHandler(source));
    const json = JSON.parse(await readFile(join(source, MODEL_FILE), 'utf8')) as tf.io.ModelJSON;
    const bytes = await readFile(join(source, WEIGHTS_FILE));
    const cut = 40;
    await writeFile(join(source, 'part1.bin'), bytes.subarray(0, cut));
    await writeFile(join(source, 'part2.bin'), bytes.subarray(cut));
    json.weightsManifest[0].paths = ['part1.bin', 'part2.bin'];
    await writeFile(join(source, 'sharded.json'), JSON.stringify(json));

    const loaded = await tf.loadLayersModel(fileSystemHandler(join(source, 'sharded.json')));
    const expected = model.getWeights().map((w) => Array.from(w.dataSync()));
    expect(loaded.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(expected);
  });

  it('reports a missing model file as a UsageError naming the path', async () => {
    const missing = join(dir, 'absent', MODEL_FILE);
    await expect(tf.loadLayersModel(fileSystemHandler(missing))).rejects.toThrow(UsageError);
    await expect(tf.loadLayersModel(fileSystemHandler(missing))).rejects.toThrow(/absent\/model\.json.*ENOENT/);
  });

  it('reports a missing weight shard as a UsageError naming the shard', async () => {
    const source = join(dir, 'no-weights');
    await smallModel().save(saveHandler(source));
    await rm(join(source, WEIGHTS_FILE));
    await expect(tf.loadLayersModel(fileSystemHandler(join(source, MODEL_FILE)))).rejects.toThrow(/weights\.bin/);
  });

  it('rejects a file that is not JSON, and JSON that is not a TF.js model', async () => {
    await writeFile(join(dir, 'junk.json'), 'not json');
    await writeFile(join(dir, 'other.json'), '{"name": "x"}');
    await expect(fileSystemHandler(join(dir, 'junk.json')).load!()).rejects.toThrow(/is not JSON/);
    await expect(fileSystemHandler(join(dir, 'other.json')).load!()).rejects.toThrow(/no modelTopology/);
  });
});
