/**
 * A text encoder's weights: seeded initialisation or given values, held as trainable variables by name
 * (so a training loop can minimise over them), and the same weights grouped as the forward reads them.
 */
import * as tf from '@tensorflow/tfjs';
import { layerSeed } from '../initializers.js';
import type { TextEncoderConfig } from './config.js';
import type { DenseWeights, LayerNormWeights } from '../transformer-ops.js';
import { weightSpecs, type WeightSpec } from './parameters.js';

/** BERT's initializer_range: every dense kernel and embedding starts as N(0, 0.02) (Devlin et al.'s release). */
export const INITIALIZER_STDDEV = 0.02;

export interface BlockWeights {
  qkv: DenseWeights;
  attentionOutput: DenseWeights;
  attentionNorm: LayerNormWeights;
  intermediate: DenseWeights;
  output: DenseWeights;
  outputNorm: LayerNormWeights;
}

export interface EncoderWeights {
  word: tf.Tensor2D;
  position: tf.Tensor2D;
  /** Absent when the flavour has no token types. */
  tokenType?: tf.Tensor2D;
  embeddingNorm: LayerNormWeights;
  blocks: BlockWeights[];
  pooler: DenseWeights;
  classifier: DenseWeights;
}

function initialValue(spec: WeightSpec, seed: number): tf.Tensor {
  switch (spec.init) {
    case 'normal':
      return tf.randomNormal(spec.shape, 0, INITIALIZER_STDDEV, 'float32', layerSeed(seed, spec.name));
    case 'ones':
      return tf.ones(spec.shape);
    case 'zeros':
      return tf.zeros(spec.shape);
  }
}

/** Seeded weights for every spec, as variables in spec order. Each weight's seed comes from its name. */
export function initialVariables(c: TextEncoderConfig): Map<string, tf.Variable> {
  return new Map(weightSpecs(c).map((spec) => [spec.name, tf.tidy(() => tf.variable(initialValue(spec, c.seed)))]));
}

/** Variables holding the given values, one per spec (the caller has checked the names and shapes). */
export function variablesFrom(c: TextEncoderConfig, values: ReadonlyMap<string, Float32Array>): Map<string, tf.Variable> {
  return new Map(weightSpecs(c).map((spec) => [spec.name, tf.tidy(() => tf.variable(tf.tensor(values.get(spec.name) as Float32Array, spec.shape)))]));
}

/** The variables grouped as the forward reads them. */
export function groupWeights(c: TextEncoderConfig, v: ReadonlyMap<string, tf.Variable>): EncoderWeights {
  const get = <T extends tf.Tensor>(name: string): T => v.get(name) as unknown as T;
  const dense = (name: string): DenseWeights => ({ kernel: get(`${name}/kernel`), bias: get(`${name}/bias`) });
  const norm = (name: string): LayerNormWeights => ({ gamma: get(`${name}/gamma`), beta: get(`${name}/beta`) });
  return {
    word: get('embeddings/word'),
    position: get('embeddings/position'),
    tokenType: c.typeVocabSize > 0 ? get<tf.Tensor2D>('embeddings/token_type') : undefined,
    embeddingNorm: norm('embeddings/norm'),
    blocks: Array.from({ length: c.layers }, (_, b) => ({
      qkv: dense(`block${b}/attention/qkv`),
      attentionOutput: dense(`block${b}/attention/output`),
      attentionNorm: norm(`block${b}/attention/norm`),
      intermediate: dense(`block${b}/ffn/intermediate`),
      output: dense(`block${b}/ffn/output`),
      outputNorm: norm(`block${b}/ffn/norm`),
    })),
    pooler: dense('pooler'),
    classifier: dense('classifier'),
  };
}
