/**
 * Every family adapter, in the order detection tries them: the specific families first (graph,
 * transformers, recurrent), CNNs last, since a ViT's patch embedding and a CNN+LSTM's feature extractor
 * are convolutions too. Adding a family is one line here.
 */
import type { FamilyAdapter } from '../types.js';
import { cnnAdapter } from './cnn.js';
import { graphAdapter } from './graph.js';
import { recurrentAdapter } from './recurrent.js';
import { textTransformerAdapter } from './text-transformer.js';
import { visionTransformerAdapter } from './vision-transformer.js';

export const ADAPTERS: readonly FamilyAdapter[] = [graphAdapter, textTransformerAdapter, visionTransformerAdapter, recurrentAdapter, cnnAdapter];
