/**
 * A model directory can describe itself with a `litecam.json` next to the model file:
 *   { "preprocess": "imagenet" | { "scale", "mean", "std", "resize" }, "labels": [..] | "labels.txt", "layer": "name" }
 * Everything in it is optional; command-line options override it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { parseLabels, parseSidecarObject, sidecarFromObject, type Sidecar } from './sidecar-format.js';

export type { Sidecar } from './sidecar-format.js';

export const SIDECAR_NAME = 'litecam.json';

/** Read the sidecar beside a model file on disk; undefined when there is none (or the model is remote). */
export function readSidecar(modelPath: string): Sidecar | undefined {
  if (/^https?:\/\//.test(modelPath)) return undefined;
  const file = join(dirname(resolve(modelPath)), SIDECAR_NAME);
  if (!existsSync(file)) return undefined;
  const obj = parseSidecarObject(readFileSync(file, 'utf8'), file);
  const labels = typeof obj.labels === 'string' ? readLabels(join(dirname(file), obj.labels)) : obj.labels;
  return sidecarFromObject(obj, labels, file);
}

/** Class names from a text file, one a line, in class-index order. */
export function readLabels(path: string): string[] {
  if (!existsSync(path)) throw new UsageError(`labels file not found: ${path}`);
  return parseLabels(readFileSync(path, 'utf8'));
}
