/**
 * A text classifier on disk: a directory with
 *   text-encoder.json  the manifest: format tag and version, the encoder's configuration (flavour and every
 *                      size), the class labels, and each weight's name and shape in file order;
 *   weights.bin        the weights, float32 little-endian, end to end in the manifest's order;
 *   vocab.txt          the vocabulary, one token per line (BERT's vocab.txt layout).
 * Loading checks every part against the others, and any mismatch is a one-line UsageError naming the file.
 */
import type * as tf from '@tensorflow/tfjs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../../errors.js';
import { resolveTextEncoderConfig, TEXT_ENCODER_OPTION_NAMES, type TextEncoderConfig, type TextEncoderOptions } from './config.js';
import { textEncoderFromVariables } from './encoder.js';
import { sizeOf, weightSpecs } from './parameters.js';
import { textClassifier, type TextClassifier } from './text-classifier.js';
import { parseVocabulary, wordTokenizer } from './tokenizer.js';
import { variablesFrom } from './weights.js';

export const TEXT_ENCODER_FORMAT = 'litecam-text-encoder';
export const TEXT_ENCODER_FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'text-encoder.json';
export const WEIGHTS_FILE = 'weights.bin';
export const VOCABULARY_FILE = 'vocab.txt';

export interface TextEncoderManifest {
  format: typeof TEXT_ENCODER_FORMAT;
  version: number;
  config: TextEncoderConfig;
  labels: string[];
  weights: Array<{ name: string; shape: number[] }>;
}

/** Writes the classifier's manifest, weights and vocabulary into `dir` (created if missing). */
export async function saveTextEncoder(dir: string, model: TextClassifier): Promise<void> {
  const { encoder, tokenizer, labels } = model;
  const specs = weightSpecs(encoder.config);
  const total = specs.reduce((s, w) => s + sizeOf(w.shape), 0);
  const data = new Float32Array(total);
  let offset = 0;
  for (const spec of specs) {
    const values = (await (encoder.variables.get(spec.name) as tf.Variable).data()) as Float32Array;
    data.set(values, offset);
    offset += values.length;
  }
  const manifest: TextEncoderManifest = {
    format: TEXT_ENCODER_FORMAT,
    version: TEXT_ENCODER_FORMAT_VERSION,
    config: encoder.config,
    labels,
    weights: specs.map(({ name, shape }) => ({ name, shape })),
  };
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(dir, WEIGHTS_FILE), Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  await writeFile(join(dir, VOCABULARY_FILE), tokenizer.toVocabularyFile());
}

async function readPart(dir: string, file: string): Promise<Buffer> {
  const path = join(dir, file);
  try {
    return await readFile(path);
  } catch {
    const isDir = await stat(dir).then((s) => s.isDirectory(), () => false);
    throw new UsageError(isDir ? `text encoder: ${path} is missing` : `text encoder: ${dir} is not a directory`);
  }
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function parseManifest(text: string, path: string): TextEncoderManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${path}: not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
  if (!isRecord(raw) || raw.format !== TEXT_ENCODER_FORMAT) throw new UsageError(`${path}: not a text encoder manifest (expected "format": "${TEXT_ENCODER_FORMAT}")`);
  if (raw.version !== TEXT_ENCODER_FORMAT_VERSION) throw new UsageError(`${path}: unsupported version ${String(raw.version)}; this build reads version ${TEXT_ENCODER_FORMAT_VERSION}`);
  if (!isRecord(raw.config)) throw new UsageError(`${path}: "config" must be an object`);
  const missing = TEXT_ENCODER_OPTION_NAMES.filter((k) => !(k in (raw.config as object)));
  if (missing.length > 0) throw new UsageError(`${path}: "config" lacks ${missing.join(', ')}`);
  let config: TextEncoderConfig;
  try {
    config = resolveTextEncoderConfig(raw.config as TextEncoderOptions);
  } catch (e) {
    throw new UsageError(`${path}: ${(e as Error).message}`);
  }
  const labels = raw.labels;
  if (!Array.isArray(labels) || labels.length !== config.numClasses || labels.some((l) => typeof l !== 'string')) {
    throw new UsageError(`${path}: "labels" must list ${config.numClasses} class names`);
  }
  const expected = weightSpecs(config);
  const weights = raw.weights;
  if (!Array.isArray(weights) || weights.length !== expected.length) {
    throw new UsageError(`${path}: "weights" must list the ${expected.length} weights of this configuration; got ${Array.isArray(weights) ? weights.length : typeof weights}`);
  }
  weights.forEach((w: unknown, i) => {
    const spec = expected[i];
    const ok = isRecord(w) && w.name === spec.name && Array.isArray(w.shape) && w.shape.length === spec.shape.length && w.shape.every((d, k) => d === spec.shape[k]);
    if (!ok) throw new UsageError(`${path}: weight ${i} must be ${spec.name} [${spec.shape.join(', ')}]; got ${JSON.stringify(w)}`);
  });
  return { format: TEXT_ENCODER_FORMAT, version: TEXT_ENCODER_FORMAT_VERSION, config, labels: labels as string[], weights: expected.map(({ name, shape }) => ({ name, shape })) };
}

function splitWeights(bytes: Buffer, manifest: TextEncoderManifest, path: string): Map<string, Float32Array> {
  const total = manifest.weights.reduce((s, w) => s + sizeOf(w.shape), 0);
  if (bytes.byteLength !== 4 * total) throw new UsageError(`${path}: expected ${4 * total} bytes (${total} float32 weights); got ${bytes.byteLength}`);
  const all = new Float32Array(total);
  new Uint8Array(all.buffer).set(bytes);
  const bad = all.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new UsageError(`${path}: weight value ${bad} is not finite`);
  const out = new Map<string, Float32Array>();
  let offset = 0;
  for (const w of manifest.weights) {
    const n = sizeOf(w.shape);
    out.set(w.name, all.subarray(offset, offset + n));
    offset += n;
  }
  return out;
}

/** Reads a classifier written by `saveTextEncoder`. Call after the TF.js backend is initialised. */
export async function loadTextEncoder(dir: string): Promise<TextClassifier> {
  const manifestPath = join(dir, MANIFEST_FILE);
  const manifest = parseManifest((await readPart(dir, MANIFEST_FILE)).toString('utf8'), manifestPath);
  const values = splitWeights(await readPart(dir, WEIGHTS_FILE), manifest, join(dir, WEIGHTS_FILE));
  const vocabularyPath = join(dir, VOCABULARY_FILE);
  const tokenizer = wordTokenizer(parseVocabulary((await readPart(dir, VOCABULARY_FILE)).toString('utf8'), vocabularyPath), vocabularyPath);
  const encoder = textEncoderFromVariables(manifest.config, variablesFrom(manifest.config, values));
  try {
    return textClassifier(encoder, tokenizer, manifest.labels);
  } catch (e) {
    encoder.dispose();
    throw new UsageError(`${dir}: ${(e as Error).message}`);
  }
}
