/** Every family the limitations study knows, in the order the report lists them. */
import type { LimitationFamily } from '../limitation-case.js';
import { cnnFamily } from './cnn.js';
import { graphFamily } from './graph.js';
import { rnnFamily } from './rnn.js';
import { textFamily } from './text.js';
import { vitFamily } from './vit.js';

export const LIMITATION_FAMILIES: readonly LimitationFamily[] = [
  cnnFamily,
  vitFamily(),
  rnnFamily,
  textFamily(),
  graphFamily(),
];

export const FAMILY_NAMES: readonly string[] = LIMITATION_FAMILIES.map((f) => f.name);
