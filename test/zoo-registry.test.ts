import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { UsageError } from '../src/errors.js';
import { layerSeed } from '../src/zoo/initializers.js';
import { makeDivisible } from '../src/zoo/make-divisible.js';
import { buildZooModel, parseZooSpec, ZOO, ZOO_NAMES } from '../src/zoo/index.js';

const SMALL = { inputSize: 32, numClasses: 3 };

function usageErrorOf(action: () => unknown): UsageError {
  try {
    action();
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
  throw new Error('expected a UsageError, nothing was thrown');
}

function filtersOf(model: tf.LayersModel, layerName: string): number {
  return (model.getLayer(layerName).outputShape as number[])[3];
}

describe('zoo registry', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('lists the four architectures of the paper', () => {
    expect(ZOO_NAMES).toEqual(['mobilenetv2', 'resnet18', 'vgg16', 'efficientnetb0']);
  });

  it('names the last spatial layer of each architecture the way Keras applications do', () => {
    expect(Object.fromEntries(ZOO_NAMES.map((name) => [name, ZOO[name].defaultLayer]))).toEqual({
      mobilenetv2: 'out_relu',
      resnet18: 'conv5_block2_out',
      vgg16: 'block5_conv3',
      efficientnetb0: 'top_activation',
    });
  });

  it('reads the architecture name out of a zoo: model argument', () => {
    expect(parseZooSpec('zoo:resnet18')).toBe('resnet18');
    expect(parseZooSpec('zoo:efficientnetb0')).toBe('efficientnetb0');
  });

  it('leaves paths and URLs alone', () => {
    expect(parseZooSpec('models/mobilenetv2/model.json')).toBeUndefined();
    expect(parseZooSpec('https://example.org/resnet18.onnx')).toBeUndefined();
  });

  it('rejects an unknown zoo name with a message that lists the zoo', () => {
    for (const action of [() => parseZooSpec('zoo:alexnet'), () => buildZooModel('alexnet')]) {
      const error = usageErrorOf(action);
      expect(error.message).toContain("'alexnet'");
      for (const name of ZOO_NAMES) expect(error.message).toContain(name);
    }
  });

  it('rejects an option the architecture does not have, naming it and the accepted ones', () => {
    const error = usageErrorOf(() => buildZooModel('resnet18', { ...SMALL, widthMultiplier: 0.5 }));
    expect(error.message).toMatch(/resnet18: unknown option\(s\) widthMultiplier; it accepts inputSize, numClasses, seed/);
    expect(usageErrorOf(() => buildZooModel('mobilenetv2', { ...SMALL, head: 'gap' })).message).toContain('head');
  });

  it('treats options given as undefined as not given', () => {
    const model = buildZooModel('resnet18', { ...SMALL, widthMultiplier: undefined, head: undefined });
    expect(model.outputs[0].shape).toEqual([null, 3]);
    model.dispose();
  });

  it('rejects sizes, class counts, seeds and widths out of range, saying what came', () => {
    expect(usageErrorOf(() => buildZooModel('vgg16', { inputSize: 16 })).message).toBe('vgg16: inputSize must be an integer >= 32; got 16');
    expect(usageErrorOf(() => buildZooModel('resnet18', { inputSize: 64.5 })).message).toContain('got 64.5');
    expect(usageErrorOf(() => buildZooModel('efficientnetb0', { numClasses: 0 })).message).toContain('numClasses must be an integer >= 1; got 0');
    expect(usageErrorOf(() => buildZooModel('mobilenetv2', { seed: -1 })).message).toContain('seed must be an integer >= 0; got -1');
    expect(usageErrorOf(() => buildZooModel('mobilenetv2', { widthMultiplier: 0 })).message).toContain('widthMultiplier must be a number > 0; got 0');
    expect(usageErrorOf(() => buildZooModel('vgg16', { head: 'avg' as 'gap' })).message).toBe("vgg16: head must be classic or gap; got 'avg'");
  });

  it('scales MobileNetV2 channels by the width multiplier, keeping 1280 at the top unless widening', () => {
    const narrow = buildZooModel('mobilenetv2', { ...SMALL, widthMultiplier: 0.35 });
    const wide = buildZooModel('mobilenetv2', { ...SMALL, widthMultiplier: 1.4 });
    // Keras: first block 16 at 0.35 (32 * 0.35 = 11.2 rounds up to 16) and 48 at 1.4; last conv 1280 and 1792.
    expect([filtersOf(narrow, 'Conv1'), filtersOf(narrow, 'block_16_project'), filtersOf(narrow, 'out_relu')]).toEqual([16, 112, 1280]);
    expect([filtersOf(wide, 'Conv1'), filtersOf(wide, 'block_16_project'), filtersOf(wide, 'out_relu')]).toEqual([48, 448, 1792]);
    expect(narrow.name).toBe('mobilenetv2_0.35_32');
    narrow.dispose();
    wide.dispose();
  });

  it('puts a single global average pooling before the logits when VGG16 is built with the gap head', () => {
    const model = buildZooModel('vgg16', { ...SMALL, head: 'gap' });
    expect(model.layers.slice(-2).map((layer) => layer.getClassName())).toEqual(['GlobalAveragePooling2D', 'Dense']);
    expect(model.countParams()).toBe(14_714_688 + 512 * 3 + 3);
    model.dispose();
  });
});

describe('zoo helpers', () => {
  it('rounds channel counts to multiples of 8 without losing more than 10%', () => {
    expect([32, 11.2, 44.8, 33.6, 36, 1792, 4].map((v) => makeDivisible(v))).toEqual([32, 16, 48, 32, 40, 1792, 8]);
  });

  it('derives a layer seed from the base seed and the layer name only', () => {
    expect(layerSeed(0, 'Conv1')).toBe(layerSeed(0, 'Conv1'));
    expect(new Set([layerSeed(0, 'Conv1'), layerSeed(1, 'Conv1'), layerSeed(0, 'Conv_1')]).size).toBe(3);
    expect(Number.isInteger(layerSeed(12345, 'block_16_project'))).toBe(true);
  });
});
