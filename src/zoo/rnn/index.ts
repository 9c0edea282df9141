/** Small recurrent networks over [T, F] sequences, seeded, every size configurable. */
import type * as tf from '@tensorflow/tfjs';
import { buildBiLstmClassifier, buildGruClassifier, buildLstmClassifier } from './classifiers.js';
import { buildTimeSeriesLstm, type TimeSeriesOptions } from './timeseries.js';
import type { RnnZooOptions } from './options.js';

export { RNN_ZOO_DEFAULTS, resolveRnnZooOptions, type RnnZooOptions } from './options.js';
export { buildBiLstmClassifier, buildGruClassifier, buildLstmClassifier } from './classifiers.js';
export { buildTimeSeriesLstm, type TimeSeriesOptions, type TimeSeriesTask } from './timeseries.js';

export const RNN_ZOO = {
  lstm: (options?: RnnZooOptions): tf.LayersModel => buildLstmClassifier(options),
  gru: (options?: RnnZooOptions): tf.LayersModel => buildGruClassifier(options),
  bilstm: (options?: RnnZooOptions): tf.LayersModel => buildBiLstmClassifier(options),
  'timeseries-regressor': (options?: TimeSeriesOptions): tf.LayersModel => buildTimeSeriesLstm({ ...options, task: 'regression' }),
  'timeseries-classifier': (options?: TimeSeriesOptions): tf.LayersModel => buildTimeSeriesLstm({ ...options, task: 'classification' }),
} as const;

export type RnnZooName = keyof typeof RNN_ZOO;
