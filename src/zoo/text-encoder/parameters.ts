/**
 * Every weight of a text encoder, by name and shape, in one fixed order: what initialisation allocates, what
 * the file format writes and checks, and what the parameter counts are computed from (without allocating a
 * base-size model).
 */
import type { TextEncoderConfig } from './config.js';

/** How a weight starts: N(0, 0.02) (BERT's initializer_range, for every dense and embedding), zeros or ones. */
export type WeightInit = 'normal' | 'zeros' | 'ones';

export interface WeightSpec {
  name: string;
  shape: number[];
  init: WeightInit;
}

/** Which part of the model a weight belongs to, for parameter counts by part. */
export type WeightPart = 'embeddings' | 'encoder' | 'pooler' | 'classifier';

function dense(name: string, inputs: number, outputs: number): WeightSpec[] {
  return [
    { name: `${name}/kernel`, shape: [inputs, outputs], init: 'normal' },
    { name: `${name}/bias`, shape: [outputs], init: 'zeros' },
  ];
}

function layerNorm(name: string, width: number): WeightSpec[] {
  return [
    { name: `${name}/gamma`, shape: [width], init: 'ones' },
    { name: `${name}/beta`, shape: [width], init: 'zeros' },
  ];
}

/** Block b's weights, post-LN: attention (query, key and value as one [D, 3D] dense), output, norm, feed-forward, norm. */
export function blockWeightSpecs(c: TextEncoderConfig, b: number): WeightSpec[] {
  const p = `block${b}`;
  return [
    ...dense(`${p}/attention/qkv`, c.hidden, 3 * c.hidden),
    ...dense(`${p}/attention/output`, c.hidden, c.hidden),
    ...layerNorm(`${p}/attention/norm`, c.hidden),
    ...dense(`${p}/ffn/intermediate`, c.hidden, c.intermediate),
    ...dense(`${p}/ffn/output`, c.intermediate, c.hidden),
    ...layerNorm(`${p}/ffn/norm`, c.hidden),
  ];
}

/** All weights, embeddings first and the classifier last. */
export function weightSpecs(c: TextEncoderConfig): WeightSpec[] {
  const embeddings: WeightSpec[] = [
    { name: 'embeddings/word', shape: [c.vocabSize, c.hidden], init: 'normal' },
    { name: 'embeddings/position', shape: [c.maxPositions, c.hidden], init: 'normal' },
    ...(c.typeVocabSize > 0 ? [{ name: 'embeddings/token_type', shape: [c.typeVocabSize, c.hidden], init: 'normal' as const }] : []),
    ...layerNorm('embeddings/norm', c.hidden),
  ];
  return [
    ...embeddings,
    ...Array.from({ length: c.layers }, (_, b) => blockWeightSpecs(c, b)).flat(),
    ...dense('pooler', c.hidden, c.hidden),
    ...dense('classifier', c.hidden, c.numClasses),
  ];
}

export function weightPart(name: string): WeightPart {
  if (name.startsWith('embeddings/')) return 'embeddings';
  if (name.startsWith('block')) return 'encoder';
  if (name.startsWith('pooler/')) return 'pooler';
  return 'classifier';
}

export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Parameters per part and in all. The published counts are the first three parts (the headless model). */
export function parameterCounts(c: TextEncoderConfig): Record<WeightPart | 'total', number> {
  const counts = { embeddings: 0, encoder: 0, pooler: 0, classifier: 0, total: 0 };
  for (const w of weightSpecs(c)) {
    const n = sizeOf(w.shape);
    counts[weightPart(w.name)] += n;
    counts.total += n;
  }
  return counts;
}
