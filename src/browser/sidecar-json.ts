/**
 * A model's `litecam.json` sidecar (see src/engines/sidecar.ts) read from what the page has: a fetched or
 * opened JSON text, with labels inline or in a text file next to it.
 */
import type { Sidecar } from '../engines/sidecar.js';
import { UsageError } from '../errors.js';

/** Parse a sidecar's text; `readText` fetches a labels file the sidecar names (relative to the sidecar). */
export async function parseSidecar(text: string, where: string, readText: (name: string) => Promise<string>): Promise<Sidecar> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`cannot read ${where}: ${(e as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UsageError(`${where} must hold a JSON object`);
  const obj = raw as Record<string, unknown>;
  const labels = typeof obj.labels === 'string' ? parseLabels(await readText(obj.labels)) : obj.labels;
  if (labels !== undefined && !(Array.isArray(labels) && labels.every((l) => typeof l === 'string'))) {
    throw new UsageError(`${where}: "labels" must be a list of strings or the name of a text file`);
  }
  return {
    preprocess: obj.preprocess as Sidecar['preprocess'],
    labels: labels as string[] | undefined,
    layer: typeof obj.layer === 'string' ? obj.layer : undefined,
  };
}

/** Class names from a text file's content, one a line, in class-index order (as readLabels in Node). */
export function parseLabels(text: string): string[] {
  return text.trimEnd().split(/\r?\n/).map((l) => l.trim());
}
