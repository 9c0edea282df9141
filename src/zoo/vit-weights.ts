/**
 * The zoo ViT's weights as a flat list of named tensors, in one fixed order: what a weight file stores and
 * what an optimizer trains. The names follow the module paths of `vit.ts` ('block0/qkv/kernel' ...).
 */
import * as tf from '@tensorflow/tfjs';
import type { BlockWeights, ConvWeights, DenseWeights, LayerNormWeights, VitConfig, VitWeights } from './vit.js';

/** One weight's name and shape. */
export interface VitWeightSpec {
  name: string;
  shape: number[];
}

const denseSpecs = (name: string, inputs: number, outputs: number): VitWeightSpec[] => [
  { name: `${name}/kernel`, shape: [inputs, outputs] },
  { name: `${name}/bias`, shape: [outputs] },
];

const normSpecs = (name: string, width: number): VitWeightSpec[] => [
  { name: `${name}/gamma`, shape: [width] },
  { name: `${name}/beta`, shape: [width] },
];

/** Every weight of a ViT of this config, in the order `flattenVitWeights` lists them. */
export function vitWeightSpecs(c: VitConfig): VitWeightSpec[] {
  const tokens = 1 + (c.inputSize / c.patchSize) ** 2;
  const hidden = c.width * c.mlpRatio;
  const stemChannels = [3, ...c.convStem];
  const stem = c.convStem.flatMap((out, i) => [
    { name: `stem${i}/kernel`, shape: [3, 3, stemChannels[i], out] },
    { name: `stem${i}/bias`, shape: [out] },
  ]);
  const patchKernel = c.convStem.length > 0 ? [1, 1, stemChannels[c.convStem.length], c.width] : [c.patchSize, c.patchSize, 3, c.width];
  return [
    ...stem,
    { name: 'patch_embed/kernel', shape: patchKernel },
    { name: 'patch_embed/bias', shape: [c.width] },
    { name: 'class_token', shape: [1, 1, c.width] },
    { name: 'position_embedding', shape: [1, tokens, c.width] },
    ...Array.from({ length: c.depth }, (_, b) => [
      ...normSpecs(`block${b}/norm1`, c.width),
      ...denseSpecs(`block${b}/qkv`, c.width, 3 * c.width),
      ...denseSpecs(`block${b}/proj`, c.width, c.width),
      ...normSpecs(`block${b}/norm2`, c.width),
      ...denseSpecs(`block${b}/fc1`, c.width, hidden),
      ...denseSpecs(`block${b}/fc2`, hidden, c.width),
    ]).flat(),
    ...normSpecs('norm', c.width),
    ...denseSpecs('head', c.width, c.numClasses),
  ];
}

const dense = (d: DenseWeights | ConvWeights): tf.Tensor[] => [d.kernel, d.bias];
const norm = (n: LayerNormWeights): tf.Tensor[] => [n.gamma, n.beta];
const block = (b: BlockWeights): tf.Tensor[] => [...norm(b.norm1), ...dense(b.qkv), ...dense(b.proj), ...norm(b.norm2), ...dense(b.fc1), ...dense(b.fc2)];

/** The weights' tensors (not copies) in `vitWeightSpecs` order. */
export function flattenVitWeights(w: VitWeights): tf.Tensor[] {
  return [...w.stem.flatMap(dense), w.patchKernel, w.patchBias, w.classToken, w.positions, ...w.blocks.flatMap(block), ...norm(w.norm), ...dense(w.head)];
}

/** The inverse of `flattenVitWeights`: the tensors (not copies) laid back into the structure. Shapes are the caller's to check. */
export function unflattenVitWeights(c: VitConfig, tensors: readonly tf.Tensor[]): VitWeights {
  if (tensors.length !== vitWeightSpecs(c).length) {
    throw new Error(`internal: a ViT of depth ${c.depth} has ${vitWeightSpecs(c).length} weights; got ${tensors.length}`);
  }
  let i = 0;
  const next = <T extends tf.Tensor>(): T => tensors[i++] as T;
  const takeDense = (): DenseWeights => ({ kernel: next(), bias: next() });
  const takeNorm = (): LayerNormWeights => ({ gamma: next(), beta: next() });
  return {
    stem: c.convStem.map(() => ({ kernel: next(), bias: next() })),
    patchKernel: next(),
    patchBias: next(),
    classToken: next(),
    positions: next(),
    blocks: Array.from({ length: c.depth }, () => ({
      norm1: takeNorm(),
      qkv: takeDense(),
      proj: takeDense(),
      norm2: takeNorm(),
      fc1: takeDense(),
      fc2: takeDense(),
    })),
    norm: takeNorm(),
    head: takeDense(),
  };
}
