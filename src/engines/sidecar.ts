/**
 * A model directory can describe itself with a `litecam.json` next to the model file:
 *   { "preprocess": "imagenet" | { "scale", "mean", "std", "resize" }, "labels": [..] | "labels.txt", "layer": "name" }
 * Everything in it is optional; command-line options override it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import type { PreprocessSpec } from './types.js';

export const SIDECAR_NAME = 'litecam.json';

export interface Sidecar {
  preprocess?: string | Partial<PreprocessSpec>;
  labels?: string[];
  layer?: string;
}

/** Read the sidecar beside a model file on disk; undefined when there is none (or the model is remote). */
export function readSidecar(modelPath: string): Sidecar | undefined {
  if (/^https?:\/\//.test(modelPath)) return undefined;
  const file = join(dirname(resolve(modelPath)), SIDECAR_NAME);
  if (!existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null) throw new UsageError(`${file} must hold a JSON object`);
  const obj = raw as Record<string, unknown>;
  const labels = typeof obj.labels === 'string' ? readLabels(join(dirname(file), obj.labels)) : obj.labels;
  if (labels !== undefined && !(Array.isArray(labels) && labels.every((l) => typeof l === 'string'))) {
    throw new UsageError(`${file}: "labels" must be a list of strings or a path to a text file`);
  }
  return {
    preprocess: obj.preprocess as Sidecar['preprocess'],
    labels: labels as string[] | undefined,
    layer: typeof obj.layer === 'string' ? obj.layer : undefined,
  };
}

/** Class names from a text file, one a line, in class-index order. */
export function readLabels(path: string): string[] {
  if (!existsSync(path)) throw new UsageError(`labels file not found: ${path}`);
  return readFileSync(path, 'utf8').trimEnd().split(/\r?\n/).map((l) => l.trim());
}
