/** An encoder with the vocabulary it reads and the names of its classes: what explains raw text. */
import { UsageError } from '../../errors.js';
import type { TextEncoder } from './encoder.js';
import type { WordTokenizer } from './tokenizer.js';

export interface TextClassifier {
  encoder: TextEncoder;
  tokenizer: WordTokenizer;
  /** One name per class, in logit order. */
  labels: string[];
}

/** Pairs an encoder with a tokenizer after checking they agree; labels default to 'class 0', 'class 1' .... */
export function textClassifier(encoder: TextEncoder, tokenizer: WordTokenizer, labels?: readonly string[]): TextClassifier {
  const c = encoder.config;
  if (tokenizer.vocabulary.length > c.vocabSize) {
    throw new UsageError(`text classifier: the vocabulary has ${tokenizer.vocabulary.length} tokens but the encoder embeds only ${c.vocabSize}`);
  }
  if (tokenizer.padId !== c.padId) {
    throw new UsageError(`text classifier: the vocabulary's padding token ${tokenizer.specials.pad} is id ${tokenizer.padId} but the encoder pads with id ${c.padId}`);
  }
  if (labels && (labels.length !== c.numClasses || labels.some((l) => typeof l !== 'string'))) {
    throw new UsageError(`text classifier: expected ${c.numClasses} class labels (strings); got ${labels.length}`);
  }
  return { encoder, tokenizer, labels: labels ? [...labels] : Array.from({ length: c.numClasses }, (_, i) => `class ${i}`) };
}
