import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmConv2dFilterGradient } from '../models/demo/conv2d-filter-gradient.js';

type Case = { name: string; x: [number, number, number, number]; filter: [number, number, number, number]; stride: number; pad: 'same' | 'valid' };

const CASES: Case[] = [
  { name: '3x3 same stride 1', x: [2, 9, 7, 3], filter: [3, 3, 3, 5], stride: 1, pad: 'same' },
  { name: '3x3 same stride 2, odd size', x: [3, 11, 10, 4], filter: [3, 3, 4, 6], stride: 2, pad: 'same' },
  { name: '5x3 valid stride 1', x: [2, 8, 9, 2], filter: [5, 3, 2, 3], stride: 1, pad: 'valid' },
];

/** The filter gradient of sum(conv(x, w) * dy) on the current backend, with seeded inputs. */
async function filterGradient(c: Case): Promise<Float32Array> {
  const x = tf.randomUniform(c.x, -1, 1, 'float32', 1);
  const w = tf.randomNormal(c.filter, 0, 1, 'float32', 2);
  const y = tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.stride, c.pad);
  const dy = tf.randomNormal(y.shape, 0, 1, 'float32', 3);
  const g = tf.grad((filter: tf.Tensor) => tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, c.stride, c.pad))(w, dy);
  const values = (await g.data()) as Float32Array;
  tf.dispose([x, w, y, dy, g]);
  return values;
}

describe('Conv2DBackpropFilter kernel for wasm', () => {
  beforeAll(() => registerWasmConv2dFilterGradient());

  it.each(CASES)('matches the cpu backend for $name', async (c) => {
    await tf.setBackend('cpu');
    const expected = await filterGradient(c);
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const actual = await filterGradient(c);
    expect(tf.memory().numTensors).toBe(before);
    expect(actual.length).toBe(expected.length);
    for (let i = 0; i < expected.length; i++) expect(actual[i]).toBeCloseTo(expected[i], 4);
  });

  it('registering twice keeps the first kernel and does not throw', () => {
    const kernel = tf.getKernel(tf.Conv2DBackpropFilter, 'wasm');
    registerWasmConv2dFilterGradient();
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')).toBe(kernel);
  });
});
