import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { saveHandler } from '../../src/engines/tfjs/file-io.js';

export function tempDir(prefix = 'litecam-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A small photo-like PNG: a bright disc on a gradient, so models see some structure. */
export async function writeTestPng(path: string, width = 80, height = 60, channels: 1 | 3 | 4 = 3): Promise<string> {
  const data = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inDisc = (x - width / 2) ** 2 + (y - height / 2) ** 2 < (Math.min(width, height) / 4) ** 2;
      for (let c = 0; c < channels; c++) {
        data[(y * width + x) * channels + c] = c === 3 ? 200 : inDisc ? 230 - 40 * c : Math.round((255 * x) / width);
      }
    }
  }
  await sharp(data, { raw: { width, height, channels } }).png().toFile(path);
  return path;
}

/** A TF.js model whose input is an image but which has no spatial layer to explain (Flatten -> Dense). */
export async function writeDenseOnlyModel(dir: string): Promise<string> {
  const model = tf.sequential({
    layers: [tf.layers.flatten({ inputShape: [8, 8, 3] }), tf.layers.dense({ units: 4 })],
  });
  await model.save(saveHandler(dir));
  model.dispose();
  return join(dir, 'model.json');
}

/** A small conv net saved as model.json + weights, for loading from disk and over HTTP. */
export async function writeSmallConvModel(dir: string): Promise<string> {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [32, 32, 3], filters: 4, kernelSize: 3, activation: 'relu', name: 'conv_a' }),
      tf.layers.conv2d({ filters: 6, kernelSize: 3, activation: 'relu', name: 'conv_b' }),
      tf.layers.globalAveragePooling2d({ name: 'gap' }),
      tf.layers.dense({ units: 5, activation: 'softmax', name: 'probs' }),
    ],
  });
  await model.save(saveHandler(dir));
  model.dispose();
  writeFileSync(join(dir, 'labels.txt'), 'zero\none\ntwo\nthree\nfour\n');
  return join(dir, 'model.json');
}
