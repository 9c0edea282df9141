import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { buildZooModel, ZOO, type ZooBuildOptions, type ZooName } from '../src/zoo/index.js';

/** Small inputs keep every build well under a second; the topology does not depend on the size. */
const INPUT_SIZE = 64;
const NUM_CLASSES = 10;
const BATCH = 2;

const POOLING = new Set(['MaxPooling2D', 'AveragePooling2D']);
const COLLAPSING = new Set(['GlobalAveragePooling2D', 'Flatten']);

interface Expected {
  /** Shape of the default layer's output at INPUT_SIZE, batch excluded. */
  defaultLayerShape: number[];
  /** Layers per class that the published topology fixes. */
  layerCounts: Record<string, number>;
}

const EXPECTED: Record<ZooName, Expected> = {
  // Conv1 + 16 expansions + 17 projections + Conv_1; 17 depthwise; a residual add wherever a stage
  // repeats its block (1 + 2 + 3 + 2 + 2); a ReLU6 after every conv but the projections.
  mobilenetv2: {
    defaultLayerShape: [2, 2, 1280],
    layerCounts: { Conv2D: 35, DepthwiseConv2D: 17, Add: 10, ReLU: 35, BatchNormalization: 52, Dense: 1 },
  },
  // 17 convs + fc are the 18 weighted layers; 3 projection shortcuts; one add per basic block.
  resnet18: {
    defaultLayerShape: [2, 2, 512],
    layerCounts: { Conv2D: 20, Add: 8, BatchNormalization: 20, MaxPooling2D: 1, Dense: 1 },
  },
  // 13 convs, 5 max pools, 3 fully connected: the "16" weighted layers.
  vgg16: {
    defaultLayerShape: [4, 4, 512],
    layerCounts: { Conv2D: 13, MaxPooling2D: 5, Flatten: 1, Dense: 3 },
  },
  // stem + 15 expansions + 2 per squeeze-excitation x 16 + 16 projections + top; 16 depthwise and 16
  // excitations; an add wherever a stage repeats its block (1 + 1 + 2 + 2 + 3).
  efficientnetb0: {
    defaultLayerShape: [2, 2, 1280],
    layerCounts: { Conv2D: 65, DepthwiseConv2D: 16, Multiply: 16, Add: 9, Dense: 1 },
  },
};

function layerCounts(model: tf.LayersModel, classNames: string[]): Record<string, number> {
  const counts = Object.fromEntries(classNames.map((name) => [name, 0]));
  for (const layer of model.layers) {
    const name = layer.getClassName();
    if (name in counts) counts[name]++;
  }
  return counts;
}

function outputRank(layer: tf.layers.Layer): number {
  return (layer.outputShape as number[]).length;
}

async function logits(model: tf.LayersModel, input: tf.Tensor4D): Promise<Float32Array> {
  const out = model.predict(input) as tf.Tensor;
  const values = (await out.data()) as Float32Array;
  out.dispose();
  return values;
}

function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  return a.reduce((max, v, i) => Math.max(max, Math.abs(v - b[i])), 0);
}

/** Collects the artifacts `model.save` writes, so the load goes through model.json and weight data. */
async function saveToMemory(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (saved === undefined) throw new Error('save handler was not called');
  return saved;
}

describe.each(Object.keys(EXPECTED) as ZooName[])('zoo %s', (name) => {
  const options: ZooBuildOptions = { inputSize: INPUT_SIZE, numClasses: NUM_CLASSES, seed: 0 };
  const expected = EXPECTED[name];
  let model: tf.LayersModel;
  let input: tf.Tensor4D;

  beforeAll(async () => {
    await initBackend('wasm');
    model = buildZooModel(name, options);
    input = tf.randomNormal([BATCH, INPUT_SIZE, INPUT_SIZE, 3], 0, 1, 'float32', 42) as tf.Tensor4D;
  });

  afterAll(() => {
    model.dispose();
    input.dispose();
  });

  it('maps an NHWC batch to one logit per class', () => {
    const out = model.predict(input) as tf.Tensor;
    expect(out.shape).toEqual([BATCH, NUM_CLASSES]);
    out.dispose();
  });

  it('gives finite logits that differ between classes', async () => {
    const values = await logits(model, input);
    expect(values.every(Number.isFinite)).toBe(true);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
    expect(std).toBeGreaterThan(0.01);
  });

  it('has the layer counts of the published topology', () => {
    expect(layerCounts(model, Object.keys(expected.layerCounts))).toEqual(expected.layerCounts);
  });

  it('has its default layer as the last 4-D layer that is not pooling, at 1/32 or 1/16 of the input', () => {
    const spatial = model.layers.filter((layer) => outputRank(layer) === 4 && !POOLING.has(layer.getClassName()));
    expect(spatial.at(-1)?.name).toBe(ZOO[name].defaultLayer);
    expect((model.getLayer(ZOO[name].defaultLayer).outputShape as number[]).slice(1)).toEqual(expected.defaultLayerShape);
  });

  it('collapses space right after its default layer, with only pooling in between', () => {
    const after = model.layers.slice(model.layers.findIndex((layer) => layer.name === ZOO[name].defaultLayer) + 1);
    const collapse = after.findIndex((layer) => outputRank(layer) === 2);
    expect(COLLAPSING.has(after[collapse].getClassName())).toBe(true);
    expect(after.slice(0, collapse).every((layer) => POOLING.has(layer.getClassName()))).toBe(true);
  });

  it('round-trips through model.json and weight data with the same layer names and logits', async () => {
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(await saveToMemory(model)));
    try {
      expect(loaded.layers.map((layer) => layer.name)).toEqual(model.layers.map((layer) => layer.name));
      expect(maxAbsDifference(await logits(loaded, input), await logits(model, input))).toBeLessThan(1e-5);
    } finally {
      loaded.dispose();
    }
  });
});
