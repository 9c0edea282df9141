import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { buildZooModel, type ZooName } from '../src/zoo/index.js';

function countOf(weights: tf.LayerVariable[]): number {
  return weights.reduce((sum, w) => sum + w.shape.reduce((n: number, d) => n * (d as number), 1), 0);
}

/**
 * Published parameter counts at 224x224 and 1000 classes, and the reference each one comes from.
 * total = every weight TF.js stores, batch-norm moving statistics included (what Keras reports as total);
 * trainable = without them (what torchvision's sum of p.numel() over parameters() counts).
 */
const PUBLISHED: Record<ZooName, { total: number; trainable: number; why: string }> = {
  // Keras applications MobileNetV2(alpha=1.0): total 3,538,984, trainable 3,504,872.
  mobilenetv2: { total: 3_538_984, trainable: 3_504_872, why: 'Keras, exactly' },
  // torchvision resnet18: 11,689,512 parameters, which leave out the running mean and variance of its
  // 4,800 batch-norm channels; stored here as weights, they add 9,600 to the total.
  resnet18: { total: 11_689_512 + 9_600, trainable: 11_689_512, why: 'torchvision trainable, plus BN statistics' },
  // Keras applications VGG16 and torchvision vgg16 agree: 138,357,544, all trainable.
  vgg16: { total: 138_357_544, trainable: 138_357_544, why: 'Keras and torchvision, exactly' },
  // Keras EfficientNetB0: total 5,330,571, trainable 5,288,548. Its Normalization layer stores a mean (3),
  // a variance (3) and a count (1); the zoo normalises in preprocessing instead, so 7 fewer.
  efficientnetb0: { total: 5_330_571 - 7, trainable: 5_288_548, why: 'Keras minus its input Normalization' },
};

describe('zoo parameter counts at 224x224 with 1000 classes', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it.each(Object.entries(PUBLISHED))('%s matches its published parameter count', (name, expected) => {
    const model = buildZooModel(name, { inputSize: 224, numClasses: 1000 });
    try {
      expect({ total: model.countParams(), trainable: countOf(model.trainableWeights) }, expected.why).toEqual({
        total: expected.total,
        trainable: expected.trainable,
      });
    } finally {
      model.dispose();
    }
  });
});
