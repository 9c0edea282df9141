/**
 * The zoo ViT on disk: a directory with `vit.json` (format tag, config, class labels, preprocessing and the
 * weights' names and shapes, in order) next to `weights.bin` (the weights as little-endian float32, in that
 * order). Small and self-describing; anything wrong with a directory is a one-line UsageError naming it.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PreprocessSpec } from '../engines/types.js';
import { UsageError } from '../errors.js';
import { resolveVitConfig, vitFromWeights, type VisionTransformer, type VitConfig } from './vit.js';
import { flattenVitWeights, unflattenVitWeights, vitWeightSpecs, type VitWeightSpec } from './vit-weights.js';

export const VIT_MANIFEST_FILE = 'vit.json';
export const VIT_WEIGHTS_FILE = 'weights.bin';
/** Tells a ViT manifest from any other JSON file. */
export const VIT_FORMAT = 'litecam-vit/1';

export interface VitManifest {
  format: typeof VIT_FORMAT;
  config: VitConfig;
  labels?: string[];
  preprocess?: PreprocessSpec;
  weights: VitWeightSpec[];
}

/** Writes `dir`/vit.json and `dir`/weights.bin (creating `dir`); returns the bytes of weights written. */
export async function saveVisionTransformer(model: VisionTransformer, dir: string): Promise<number> {
  const tensors = flattenVitWeights(model.weights);
  const specs = vitWeightSpecs(model.config);
  const values = await Promise.all(tensors.map((t) => t.data() as Promise<Float32Array>));
  const bytes = new Uint8Array(values.reduce((n, v) => n + v.byteLength, 0));
  const view = new DataView(bytes.buffer);
  let offset = 0;
  for (const v of values) {
    for (const x of v) {
      view.setFloat32(offset, x, true);
      offset += 4;
    }
  }
  const manifest: VitManifest = {
    format: VIT_FORMAT,
    config: model.config,
    ...(model.labels ? { labels: [...model.labels] } : {}),
    ...(model.preprocess ? { preprocess: model.preprocess } : {}),
    weights: specs,
  };
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, VIT_MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(dir, VIT_WEIGHTS_FILE), bytes);
  return bytes.byteLength;
}

/** Loads a directory written by `saveVisionTransformer`; the weights are checked against the config before any is uploaded. */
export async function loadVisionTransformer(dir: string): Promise<VisionTransformer> {
  const manifest = parseManifest(await readFileOrExplain(join(dir, VIT_MANIFEST_FILE), dir), dir);
  const specs = vitWeightSpecs(manifest.config);
  checkWeightList(manifest.weights, specs, dir);
  const bin = await readFileOrExplain(join(dir, VIT_WEIGHTS_FILE), dir);
  const count = specs.reduce((n, s) => n + sizeOf(s.shape), 0);
  if (bin.byteLength !== 4 * count) {
    throw new UsageError(`ViT weights ${join(dir, VIT_WEIGHTS_FILE)}: expected ${4 * count} bytes (${count} float32 values), got ${bin.byteLength}`);
  }
  const view = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
  const values = Float32Array.from({ length: count }, (_, i) => view.getFloat32(4 * i, true));
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new UsageError(`ViT weights ${join(dir, VIT_WEIGHTS_FILE)}: value ${bad} is ${values[bad]}; weights must be finite`);
  let offset = 0;
  const tensors = specs.map((s) => {
    const n = sizeOf(s.shape);
    const t = tf.tensor(values.subarray(offset, offset + n), s.shape, 'float32');
    offset += n;
    return t;
  });
  return vitFromWeights(manifest.config, unflattenVitWeights(manifest.config, tensors), { labels: manifest.labels, preprocess: manifest.preprocess });
}

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

async function readFileOrExplain(path: string, dir: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new UsageError(`cannot read ${path} (${code}); expected a ViT directory (${VIT_MANIFEST_FILE} + ${VIT_WEIGHTS_FILE}) at ${dir}`);
  }
}

function parseManifest(bytes: Buffer, dir: string): VitManifest & { config: VitConfig } {
  const where = join(dir, VIT_MANIFEST_FILE);
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new UsageError(`${where} is not JSON`);
  }
  const m = json as Partial<VitManifest> | null;
  if (m === null || typeof m !== 'object' || m.format !== VIT_FORMAT) {
    throw new UsageError(`${where}: expected "format": "${VIT_FORMAT}"`);
  }
  if (m.config === null || typeof m.config !== 'object') throw new UsageError(`${where}: "config" must be an object`);
  let config: VitConfig;
  try {
    config = resolveVitConfig(m.config);
  } catch (e) {
    throw new UsageError(`${where}: ${(e as Error).message}`);
  }
  if (m.labels !== undefined && (!Array.isArray(m.labels) || m.labels.length !== config.numClasses || !m.labels.every((l) => typeof l === 'string'))) {
    throw new UsageError(`${where}: "labels" must be ${config.numClasses} strings, one per class`);
  }
  if (m.preprocess !== undefined) checkPreprocess(m.preprocess, where);
  if (!Array.isArray(m.weights)) throw new UsageError(`${where}: "weights" must list the weights' names and shapes`);
  return { ...(m as VitManifest), config };
}

function checkPreprocess(p: PreprocessSpec, where: string): void {
  const triple = (v: unknown): boolean => Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (typeof p !== 'object' || p === null || !triple(p.mean) || !triple(p.std) || p.std.some((s) => s <= 0)
    || typeof p.scale !== 'number' || !(p.scale > 0) || (p.resize !== 'fill' && p.resize !== 'crop')) {
    throw new UsageError(`${where}: "preprocess" needs mean and std (3 numbers each, std > 0), scale > 0 and resize 'fill' or 'crop'`);
  }
}

function checkWeightList(listed: readonly VitWeightSpec[], expected: readonly VitWeightSpec[], dir: string): void {
  const where = join(dir, VIT_MANIFEST_FILE);
  if (listed.length !== expected.length) {
    throw new UsageError(`${where}: the config needs ${expected.length} weights; "weights" lists ${listed.length}`);
  }
  expected.forEach((e, i) => {
    const got = listed[i] as Partial<VitWeightSpec> | null;
    const same = got !== null && typeof got === 'object' && got.name === e.name
      && Array.isArray(got.shape) && got.shape.length === e.shape.length && got.shape.every((d, k) => d === e.shape[k]);
    if (!same) {
      throw new UsageError(`${where}: weight ${i} should be ${e.name} [${e.shape.join(', ')}]; found ${JSON.stringify(got)}`);
    }
  });
}
