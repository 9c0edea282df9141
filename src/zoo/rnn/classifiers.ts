import * as tf from '@tensorflow/tfjs';
import { applyLayer } from '../symbolic.js';
import { resolveRnnZooOptions, type RnnZooOptions } from './options.js';
import { bidirectionalLstmLayer, gruLayer, lstmLayer, outputLayer, type RecurrentLayerSpec } from './recurrent-layers.js';

type RecurrentFactory = (spec: RecurrentLayerSpec) => tf.layers.Layer;

/** Input [T, F] → one recurrent layer (its final state) → Dense logits: the textbook sequence classifier. */
function recurrentClassifier(model: string, layer: RecurrentFactory, options: RnnZooOptions): tf.LayersModel {
  const { steps, features, units, outputs, seed } = resolveRnnZooOptions(options, model);
  const input = tf.input({ shape: [steps, features], name: 'input' });
  const state = applyLayer(layer({ units, seed, name: model }), input);
  const logits = applyLayer(outputLayer(outputs, seed), state);
  return tf.model({ inputs: input, outputs: logits, name: model });
}

/** LSTM classifier (Hochreiter & Schmidhuber 1997): `outputs` logits from the last hidden state. */
export function buildLstmClassifier(options: RnnZooOptions = {}): tf.LayersModel {
  return recurrentClassifier('lstm', lstmLayer, options);
}

/** GRU classifier (Cho et al. 2014): `outputs` logits from the last hidden state. */
export function buildGruClassifier(options: RnnZooOptions = {}): tf.LayersModel {
  return recurrentClassifier('gru', gruLayer, options);
}

/** Bidirectional LSTM classifier (Schuster & Paliwal 1997): logits from both directions' final states. */
export function buildBiLstmClassifier(options: RnnZooOptions = {}): tf.LayersModel {
  return recurrentClassifier('bilstm', bidirectionalLstmLayer, options);
}
