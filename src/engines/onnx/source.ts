import { readFile, stat } from 'node:fs/promises';
import { UsageError } from '../../errors.js';
import { firstLine } from './proto.js';

/** Name used for a model handed over as bytes. */
export const BYTES_SOURCE = '<bytes>';

/** The model's bytes from a path, an http(s) URL (Node's global fetch) or the bytes themselves. */
export async function readModelBytes(source: string | Uint8Array): Promise<Uint8Array> {
  if (typeof source !== 'string') return source;
  if (/^https?:\/\//i.test(source)) return fetchBytes(source);
  const info = await stat(source).catch(() => undefined);
  if (!info) throw new UsageError(`model not found: ${source}`);
  if (!info.isFile()) throw new UsageError(`model path is not a file: ${source}`);
  return new Uint8Array(await readFile(source));
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new UsageError(`cannot fetch model ${url}: ${firstLine((e as Error & { cause?: unknown }).cause ?? e)}`);
  }
  if (!response.ok) throw new UsageError(`cannot fetch model ${url}: HTTP ${response.status} ${response.statusText}`.trim());
  return new Uint8Array(await response.arrayBuffer());
}
