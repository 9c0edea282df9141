/**
 * What a `litecam.json` sidecar says, read from its text: the part Node (`sidecar.ts`, files beside the model)
 * and the page (`browser/sidecar-json.ts`, fetched or opened files) share. Where the labels file comes from is
 * the caller's business.
 */
import { UsageError } from '../errors.js';
import type { PreprocessSpec } from './types.js';

export interface Sidecar {
  preprocess?: string | Partial<PreprocessSpec>;
  labels?: string[];
  layer?: string;
}

/** The sidecar's text as a JSON object; a one-line UsageError naming `where` otherwise. */
export function parseSidecarObject(text: string, where: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`cannot read ${where}: ${(e as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UsageError(`${where} must hold a JSON object`);
  return raw as Record<string, unknown>;
}

/** The sidecar from its object, with `labels` already read when the object names a labels file. */
export function sidecarFromObject(obj: Record<string, unknown>, labels: unknown, where: string): Sidecar {
  if (labels !== undefined && !(Array.isArray(labels) && labels.every((l) => typeof l === 'string'))) {
    throw new UsageError(`${where}: "labels" must be a list of strings or the name of a text file`);
  }
  return {
    preprocess: obj.preprocess as Sidecar['preprocess'],
    labels: labels as string[] | undefined,
    layer: typeof obj.layer === 'string' ? obj.layer : undefined,
  };
}

/** Class names from a labels file's text, one a line, in class-index order. */
export function parseLabels(text: string): string[] {
  return text.trimEnd().split(/\r?\n/).map((l) => l.trim());
}
