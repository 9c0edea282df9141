import * as tf from '@tensorflow/tfjs';
import { naturalNoiseImages } from './calibration-images.js';
import { layerSeed } from './initializers.js';

/**
 * Samples per channel the coarsest feature map (1/32 of the input) must give: as many as 8 images give at
 * 224x224 (8 * 7 * 7), so a calibration costs about the same at any input size. Fewer leave some variances
 * underestimated, and the excess gain compounds block after block: EfficientNet-B0 at 64x64 calibrated on
 * 8 images (32 samples per channel) ended with features 200 times larger on other noise images.
 */
export const MIN_SAMPLES_PER_CHANNEL = 392;

/** Images at least, whatever the size: squeeze-and-excitation gates see one sample per image. */
export const MIN_CALIBRATION_IMAGES = 8;

/** Deepest downsampling in the zoo: five stride-2 stages. */
const COARSEST_STRIDE = 32;

export function calibrationBatchSize(size: number): number {
  const coarsestCells = Math.ceil(size / COARSEST_STRIDE) ** 2;
  return Math.max(MIN_CALIBRATION_IMAGES, Math.ceil(MIN_SAMPLES_PER_CHANNEL / coarsestCells));
}

/** The images the batch norms of a model with base seed `seed` are calibrated on. */
export function calibrationImages(size: number, channels: number, seed: number): tf.Tensor4D {
  return naturalNoiseImages(calibrationBatchSize(size), size, channels, layerSeed(seed, 'batch_norm_calibration'));
}

function isBatchNorm(layer: tf.layers.Layer): boolean {
  return layer.getClassName() === 'BatchNormalization';
}

function symbolicInputs(layer: tf.layers.Layer): tf.SymbolicTensor[] {
  return ([] as tf.SymbolicTensor[]).concat(layer.input);
}

function writeMovingStatistic(layer: tf.layers.Layer, statistic: 'moving_mean' | 'moving_variance', value: tf.Tensor): void {
  const variable = layer.nonTrainableWeights.find((w) => w.originalName.endsWith(`/${statistic}`));
  if (variable === undefined) throw new Error(`batch norm '${layer.name}' has no ${statistic}`);
  variable.write(value);
}

/** How many layers read each symbolic tensor, so a value can be freed after its last reader. */
function readerCounts(layers: tf.layers.Layer[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const layer of layers) {
    for (const input of symbolicInputs(layer)) counts.set(input.id, (counts.get(input.id) ?? 0) + 1);
  }
  return counts;
}

/**
 * Sets each batch norm's moving mean and variance to the statistics its input has on a seeded batch of
 * natural-looking noise images, so every batch norm normalises at inference as it would after training.
 * Freshly initialised they are identities (mean 0, variance 1) and activations drift: in EfficientNet-B0,
 * where swish halves small values and each excitation gate is about 0.5, the last feature map shrinks to
 * ~1e-10 and every class gets the same logit.
 *
 * The layers run one at a time in graph order (each zoo layer is called once), a batch norm's statistics
 * set just before it runs; a training-mode forward would do the same but hold every batch norm's input at
 * once, and the WASM heap never gives memory back.
 */
export function calibrateBatchNorm(model: tf.LayersModel, seed: number): void {
  const layers = model.layers.filter((layer) => layer.getClassName() !== 'InputLayer');
  if (!layers.some(isBatchNorm)) return;
  const [height, , channels] = model.inputs[0].shape.slice(1) as number[];
  const readers = readerCounts(layers);
  const values = new Map<number, tf.Tensor>();
  values.set(model.inputs[0].id, calibrationImages(height, channels, seed));
  for (const layer of layers) {
    const inputs = symbolicInputs(layer);
    const inputValues = inputs.map((input) => values.get(input.id) as tf.Tensor);
    if (isBatchNorm(layer)) {
      tf.tidy(() => {
        const { mean, variance } = tf.moments(inputValues[0], [0, 1, 2]);
        writeMovingStatistic(layer, 'moving_mean', mean);
        writeMovingStatistic(layer, 'moving_variance', variance);
      });
    }
    // Some layers (ReLU with a max value) leave intermediates behind when called eagerly outside a tidy.
    const output = tf.tidy(() => layer.apply(inputValues.length === 1 ? inputValues[0] : inputValues) as tf.Tensor);
    values.set((layer.output as tf.SymbolicTensor).id, output);
    for (const input of inputs) {
      const left = (readers.get(input.id) ?? 0) - 1;
      readers.set(input.id, left);
      if (left === 0) values.get(input.id)?.dispose();
    }
  }
  tf.dispose([...values.values()]);
}
