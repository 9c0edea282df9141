/** Transformer text encoders (BERT, RoBERTa and DistilBERT shapes), their word tokenizer and file format. */
export {
  BERT_BASE,
  DISTILBERT_BASE,
  FLAVOUR_TRAITS,
  ROBERTA_BASE,
  TEXT_ENCODER_FLAVOURS,
  TEXT_ENCODER_PRESETS,
  firstPosition,
  maxSequenceLength,
  parseFlavour,
  resolveTextEncoderConfig,
  type TextEncoderConfig,
  type TextEncoderFlavour,
  type TextEncoderOptions,
} from './config.js';
export {
  TEXT_PREFIX_TOKENS,
  buildTextEncoder,
  textEncoderFromVariables,
  type TextEncoder,
  type TextEncoderAtLength,
  type TextEncoderForward,
  type TextEncoderInputs,
  type TextTokenSplit,
} from './encoder.js';
export { parameterCounts, weightSpecs, type WeightPart, type WeightSpec } from './parameters.js';
export {
  BERT_SPECIAL_TOKENS,
  ROBERTA_SPECIAL_TOKENS,
  parseVocabulary,
  preTokenize,
  wordTokenizer,
  type EncodeOptions,
  type EncodedText,
  type SpecialTokens,
  type WordTokenizer,
} from './tokenizer.js';
export { textClassifier, type TextClassifier } from './text-classifier.js';
export { MANIFEST_FILE, VOCABULARY_FILE, WEIGHTS_FILE, loadTextEncoder, saveTextEncoder, type TextEncoderManifest } from './file-format.js';
