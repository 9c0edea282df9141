import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { UsageError } from '../src/errors.js';
import { RNN_ZOO, RNN_ZOO_DEFAULTS, type RnnZooName } from '../src/zoo/rnn/index.js';

const SIZES = { steps: 7, features: 3, units: 4, outputs: 5 };
const NAMES = Object.keys(RNN_ZOO) as RnnZooName[];

function weightsOf(model: tf.LayersModel): number[] {
  return model.getWeights().flatMap((w) => Array.from(w.dataSync()));
}

describe('recurrent zoo', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it.each(NAMES)('%s maps a [N, steps, features] batch to [N, outputs]', (name) => {
    const model = RNN_ZOO[name]({ ...SIZES, seed: 1 });
    const out = tf.tidy(() => model.predict(tf.ones([2, SIZES.steps, SIZES.features])) as tf.Tensor);
    expect(out.shape).toEqual([2, SIZES.outputs]);
    out.dispose();
    model.dispose();
  });

  it.each(NAMES)('%s draws the same weights from the same seed and other weights from another', (name) => {
    const [a, b, c] = [1, 1, 2].map((seed) => RNN_ZOO[name]({ ...SIZES, seed }));
    expect(weightsOf(a)).toEqual(weightsOf(b));
    const differing = weightsOf(a).filter((w, i) => w !== weightsOf(c)[i]).length;
    expect(differing).toBeGreaterThan(weightsOf(a).length / 4);
    [a, b, c].forEach((m) => m.dispose());
  });

  it('defaults to the reference ONNX LSTM shape: 50 steps of 8 features, 4 outputs', () => {
    const model = RNN_ZOO.lstm();
    expect(model.inputs[0].shape).toEqual([null, RNN_ZOO_DEFAULTS.steps, RNN_ZOO_DEFAULTS.features]);
    expect(model.outputs[0].shape).toEqual([null, 4]);
    model.dispose();
  });

  it('has twice the units of state in a bidirectional LSTM', () => {
    const model = RNN_ZOO.bilstm({ ...SIZES });
    expect(model.getLayer('bilstm').outputShape).toEqual([null, 2 * SIZES.units]);
    model.dispose();
  });

  it('rejects sizes that are not positive integers', () => {
    expect(() => RNN_ZOO.gru({ units: 0 })).toThrow(UsageError);
    expect(() => RNN_ZOO.lstm({ steps: 2.5 })).toThrow(/steps must be an integer >= 1; got 2.5/);
  });
});
