import * as tf from '@tensorflow/tfjs';
import { UsageError } from '../../errors.js';
import { applyLayer } from '../symbolic.js';
import { resolveRnnZooOptions, type RnnZooOptions } from './options.js';
import { lstmLayer, outputLayer } from './recurrent-layers.js';

export type TimeSeriesTask = 'regression' | 'classification';

export interface TimeSeriesOptions extends RnnZooOptions {
  /** 'regression': `outputs` predicted values (e.g. the next steps); 'classification': `outputs` logits. */
  task?: TimeSeriesTask;
}

/**
 * A two-layer stacked LSTM over a multivariate series, the usual forecasting shape: the first layer passes
 * its state at every step to the second, whose final state feeds a linear output. The output is linear for
 * both tasks (logits or values), so the explainer differentiates the same kind of number either way.
 */
export function buildTimeSeriesLstm(options: TimeSeriesOptions = {}): tf.LayersModel {
  const { task = 'regression', ...sizes } = options;
  if (task !== 'regression' && task !== 'classification') {
    throw new UsageError(`timeseries: task must be 'regression' or 'classification'; got '${String(task)}'`);
  }
  const model = `timeseries_${task}`;
  const { steps, features, units, outputs, seed } = resolveRnnZooOptions(sizes, model);
  const input = tf.input({ shape: [steps, features], name: 'input' });
  const sequence = applyLayer(lstmLayer({ units, seed, name: 'lstm_1', returnSequences: true }), input);
  const state = applyLayer(lstmLayer({ units, seed, name: 'lstm_2' }), sequence);
  const out = applyLayer(outputLayer(outputs, seed, task === 'regression' ? 'forecast' : 'logits'), state);
  return tf.model({ inputs: input, outputs: out, name: model });
}
