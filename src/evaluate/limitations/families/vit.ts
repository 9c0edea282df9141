/**
 * The ViT family: gradient-weighted attention rollout (Chefer et al. 2021; class-specific, unlike plain
 * rollout) of the ViT trained on shape scenes (models/vit), on generated shape scenes with exact masks. Its
 * map lives on the patch grid, so the kept region and the deletion are those of the CNN family
 * (image-regions.ts): kept patches as blocks of pixels, the rest replaced by the image's mean.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeByMax } from '../../../attribution/normalize.js';
import { grid } from '../../../attribution/types.js';
import type { InputSpec } from '../../../engines/types.js';
import { UsageError } from '../../../errors.js';
import { softmax } from '../../../explain.js';
import { attentionRollout } from '../../../explainers/transformer/attention-rollout.js';
import { loadVisionTransformer, VIT_MANIFEST_FILE } from '../../../zoo/vit-files.js';
import type { VisionTransformer } from '../../../zoo/vit.js';
import { regionPrecision } from '../../metrics/localisation/precision.js';
import { regionRecall } from '../../metrics/localisation/recall.js';
import { benchmarkItems } from '../../run/benchmark-items.js';

/** The ViT in models/vit was trained on clean scenes only (see its README); other conditions would measure its accuracy, not the thresholds. */
const VIT_CONDITIONS = ['clean'] as const;
import type { LimitationFamily } from '../limitation-case.js';
import { keptBlocks, keptPixelsOnly } from './image-regions.js';

export const TRAINED_VIT = fileURLToPath(new URL('../../../../models/vit/model', import.meta.url));

/** The family over the ViT saved in `dir` (vit.json + weights.bin, with the preprocessing it was trained with). */
export function vitFamily(dir: string = TRAINED_VIT): LimitationFamily {
  return {
    name: 'vit',
    unavailable: () => (existsSync(join(dir, VIT_MANIFEST_FILE)) ? null : `no ViT trained on shape scenes in ${dir} yet`),
    async run(count, seed, visit) {
      const vit = await loadVisionTransformer(dir);
      const { width: gridW, height: gridH } = vit.patchGrid;
      try {
        const spec = inputSpecOf(vit, dir);
        const { width, height } = spec;
        const items = benchmarkItems(spec, { scenes: count, conditions: [...VIT_CONDITIONS], seed });
        for (let i = 0; i < count; i++) {
          const item = await items.load(i);
          const target = item.target as number;
          const batch = tf.tensor4d(item.input, [1, height, width, 3]);
          let result;
          try {
            result = await attentionRollout(vit, batch, { classes: [[target]] });
          } finally {
            batch.dispose();
          }
          const probability = softmax(result.logits)[target];
          const truth = item.mask;
          const keptAtImage = (kept: Uint8Array) => keptBlocks(kept, gridW, gridH, width, height);
          await visit({
            id: `${item.id} (${item.condition})`,
            attribution: { values: normalizeByMax(result.maps[0][0].values).values, topology: grid(gridW, gridH) },
            probability,
            truthShare: truth.reduce((n, v) => n + (v ? 1 : 0), 0) / truth.length,
            localise: (kept) => {
              const mask = keptAtImage(kept);
              return { recall: regionRecall(mask, truth), precision: regionPrecision(mask, truth) };
            },
            scoreDrop: async (kept) => probability - (await probabilityOf(vit, keptPixelsOnly(item.input, keptAtImage(kept), 3), spec, target)),
          });
        }
      } finally {
        vit.dispose();
      }
      return {
        model: `models/vit (ViT, ${vit.config.depth} blocks of width ${vit.config.width}, ${vit.config.patchSize}-pixel patches, trained on shape scenes)`,
        data: `${count} generated shape scenes (seed ${seed}), condition ${VIT_CONDITIONS.join(', ')}`,
        method: `attention-rollout, the ViT's default (${gridW}x${gridH} patch map)`,
        unit: 'pixel',
        deletion: "the pixels outside the kept patches replaced by the image's per-channel mean",
      };
    },
  };
}

function inputSpecOf(vit: VisionTransformer, dir: string): InputSpec {
  if (vit.preprocess === undefined) throw new UsageError(`the ViT in ${dir} does not say how its input was preprocessed; save it with its preprocessing`);
  const size = vit.config.inputSize;
  return { height: size, width: size, channels: 3, layout: 'NHWC', preprocess: vit.preprocess };
}

async function probabilityOf(vit: VisionTransformer, image: Float32Array, spec: InputSpec, target: number): Promise<number> {
  const logits = tf.tidy(() => vit.predict(tf.tensor4d(image, [1, spec.height, spec.width, 3])));
  try {
    return softmax(await logits.data())[target];
  } finally {
    logits.dispose();
  }
}
