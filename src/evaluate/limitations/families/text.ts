/**
 * The text family: the text-transformer adapter's default method (gradient-weighted rollout) on the
 * BERT-shaped encoder trained on cue sentences (models/text), explaining each sentence's true class. The
 * supporting cue words are the ground truth; the map covers the words only ([CLS], [SEP] left out).
 * Deleting a word sets its id to padding, which no token attends to: the model no longer sees it, and no
 * stand-in word (an [UNK], a [MASK]) brings meaning of its own.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeByMax } from '../../../attribution/normalize.js';
import { CUE_TEXT_DEFAULTS, cueTextSentences } from '../../../datasets/cue-text.js';
import { softmax } from '../../../explain.js';
import { textTransformerAdapter } from '../../../universal/adapters/text-transformer.js';
import { loadTextEncoder, MANIFEST_FILE, type TextClassifier } from '../../../zoo/text-encoder/index.js';
import { regionPrecision } from '../../metrics/localisation/precision.js';
import { regionRecall } from '../../metrics/localisation/recall.js';
import type { LimitationFamily } from '../limitation-case.js';

export const TRAINED_TEXT_ENCODER = fileURLToPath(new URL('../../../../models/text/model', import.meta.url));

export function textFamily(dir: string = TRAINED_TEXT_ENCODER): LimitationFamily {
  return {
    name: 'text',
    unavailable: () => (existsSync(join(dir, MANIFEST_FILE)) ? null : `no text encoder trained on cue sentences in ${dir} yet`),
    async run(count, seed, visit) {
      const model = await loadTextEncoder(dir);
      const c = model.encoder.config;
      let method = '';
      try {
        for (const [i, sentence] of cueTextSentences({ ...CUE_TEXT_DEFAULTS, count, seed }).entries()) {
          const result = await textTransformerAdapter.explain(model, { kind: 'text', text: sentence.text }, { target: sentence.label });
          method = result.method;
          const truth = Uint8Array.from(sentence.words, (_, k) => (sentence.cues.includes(k) ? 1 : 0));
          const probability = result.probability ?? 0;
          await visit({
            id: `sentence-${i}`,
            attribution: { ...result.attribution, values: normalizeByMax(result.attribution.values).values },
            probability,
            context: result.context,
            truthShare: sentence.cues.length / sentence.words.length,
            localise: (kept) => ({ recall: regionRecall(kept, truth), precision: regionPrecision(kept, truth) }),
            scoreDrop: async (kept) => probability - (await keptWordsProbability(model, sentence.text, kept, sentence.label)),
          });
        }
      } finally {
        model.encoder.dispose();
      }
      return {
        model: `models/text (${c.flavour.toUpperCase()}-shaped encoder, ${c.layers} blocks of width ${c.hidden}, trained on cue sentences)`,
        data: `${count} cue sentences (seed ${seed}): ${CUE_TEXT_DEFAULTS.minCues} to ${CUE_TEXT_DEFAULTS.maxCues} cue words of the class among ${CUE_TEXT_DEFAULTS.minWords} to ${CUE_TEXT_DEFAULTS.maxWords} words, half with a distractor`,
        method: `${method} over the words`,
        unit: 'word',
        deletion: 'the words outside the kept set turned into padding, which no token attends to',
      };
    },
  };
}

/** The target's probability with every word the threshold dropped set to the padding id. */
async function keptWordsProbability(model: TextClassifier, text: string, kept: Uint8Array, target: number): Promise<number> {
  const encoded = model.tokenizer.encode(text);
  const ids = encoded.ids.slice();
  let word = 0;
  encoded.special.forEach((special, position) => {
    if (special) return;
    if (kept[word] === 0) ids[position] = model.encoder.config.padId;
    word++;
  });
  const logits = tf.tidy(() => model.encoder.predict(tf.tensor2d(ids, [1, ids.length], 'int32')));
  try {
    return softmax(await logits.data())[target];
  } finally {
    logits.dispose();
  }
}
