/**
 * Non-image inputs from files, for the command line: a sequence as CSV (one row per step, one column per
 * feature, an optional header row of names) or JSON ([[...], ...]); text as a .txt file; a graph as JSON
 * ({ nodes, features, edges, node? }). Anything malformed is a one-line UsageError naming the file and the
 * place.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { UsageError } from '../errors.js';
import type { UniversalInput } from './types.js';

export const INPUT_FORMATS = 'a sequence (.csv, or .json [[...], ...]), text (.txt) or a graph (.json {nodes, features, edges, node?})';

/** The input in `path`, by its extension and, for JSON, its shape. */
export function readUniversalInput(path: string): UniversalInput {
  if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`input not found: ${path}`);
  const text = readFileSync(path, 'utf8');
  switch (extname(path).toLowerCase()) {
    case '.csv':
      return parseSequenceCsv(text, path);
    case '.txt':
      return textInput(text, path);
    case '.json':
      return parseJsonInput(text, path);
    default:
      throw new UsageError(`cannot tell what ${path} holds from its extension; give ${INPUT_FORMATS}`);
  }
}

export function textInput(text: string, source: string): UniversalInput {
  const trimmed = text.trim();
  if (trimmed === '') throw new UsageError(`${source}: the text is empty`);
  return { kind: 'text', text: trimmed };
}

/** Rows are steps, columns features; a first row that is not all numbers is a header and skipped. */
export function parseSequenceCsv(text: string, source: string): UniversalInput {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  const rows = lines.map((l) => l.split(',').map((cell) => cell.trim()));
  if (rows.length > 0 && rows[0].some((cell) => cell === '' || !Number.isFinite(Number(cell)))) rows.shift();
  return sequenceOf(rows.map((row, r) => row.map((cell, f) => numberAt(cell, `${source}: row ${r + 1}, column ${f + 1}`))), source);
}

function parseJsonInput(text: string, source: string): UniversalInput {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${source} is not valid JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  if (Array.isArray(raw)) {
    // [x0, x1, ...] is a univariate sequence; [[...], ...] a multivariate one.
    const rows = raw.map((row, t) => (Array.isArray(row) ? row : [row]).map((v, f) => numberAt(v, `${source}: step ${t}, feature ${f}`)));
    return sequenceOf(rows, source);
  }
  if (typeof raw === 'object' && raw !== null && 'edges' in raw) return graphOf(raw as Record<string, unknown>, source);
  if (typeof raw === 'object' && raw !== null && typeof (raw as { text?: unknown }).text === 'string') return textInput((raw as { text: string }).text, source);
  throw new UsageError(`${source}: expected ${INPUT_FORMATS}`);
}

function sequenceOf(rows: number[][], source: string): UniversalInput {
  if (rows.length === 0) throw new UsageError(`${source}: the sequence has no steps`);
  const features = rows[0].length;
  const ragged = rows.findIndex((r) => r.length !== features);
  if (features === 0 || ragged >= 0) {
    throw new UsageError(`${source}: every step needs the same number of features (${features}); step ${ragged} has ${rows[Math.max(0, ragged)].length}`);
  }
  return { kind: 'sequence', values: Float32Array.from(rows.flat()), steps: rows.length, features };
}

function graphOf(raw: Record<string, unknown>, source: string): UniversalInput {
  const { features, edges, node } = raw;
  if (!Array.isArray(features) || features.length === 0 || !features.every(Array.isArray)) {
    throw new UsageError(`${source}: "features" must be a list with one list of numbers per node`);
  }
  const nodes = raw.nodes ?? features.length;
  if (nodes !== features.length) throw new UsageError(`${source}: "nodes" is ${String(nodes)} but "features" has ${features.length} rows`);
  const featureSize = (features[0] as unknown[]).length;
  const rows = (features as unknown[][]).map((row, i) => {
    if (row.length !== featureSize) throw new UsageError(`${source}: node ${i} has ${row.length} features; node 0 has ${featureSize}`);
    return row.map((v, f) => numberAt(v, `${source}: node ${i}, feature ${f}`));
  });
  if (!Array.isArray(edges)) throw new UsageError(`${source}: "edges" must be a list of [from, to] node pairs`);
  const pairs = edges.map((e, k): [number, number] => {
    if (!Array.isArray(e) || e.length !== 2 || !e.every((v) => Number.isInteger(v) && v >= 0 && v < features.length)) {
      throw new UsageError(`${source}: edge ${k} must be a pair of node indices in 0..${features.length - 1}; got ${JSON.stringify(e)}`);
    }
    return [e[0], e[1]];
  });
  if (node !== undefined && !(Number.isInteger(node) && (node as number) >= 0 && (node as number) < features.length)) {
    throw new UsageError(`${source}: "node" must be a node index in 0..${features.length - 1}; got ${JSON.stringify(node)}`);
  }
  return {
    kind: 'graph',
    nodes: features.length,
    featureSize,
    features: Float32Array.from(rows.flat()),
    edges: pairs,
    ...(node !== undefined ? { node: node as number } : {}),
  };
}

function numberAt(value: unknown, where: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new UsageError(`${where}: expected a finite number, got ${JSON.stringify(value)}`);
  return n;
}
