/**
 * A graph network on disk: a directory with `graph-network.json` (the format tag, the config, and the
 * weights' names and shapes in file order) and `weights.bin` (those weights as float32, little-endian, end
 * to end). The manifest names every weight so that a file written for another architecture is caught by
 * name and shape rather than read as numbers of the wrong meaning.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../../errors.js';
import { requireGraphNetworkConfig, weightSpecs, type GraphNetworkConfig, type WeightSpec } from './config.js';
import { graphNetworkFromWeights, type GraphNetwork } from './network.js';

export const GRAPH_NETWORK_FORMAT = 'litecam-graph-network';
export const GRAPH_NETWORK_VERSION = 1;
export const GRAPH_NETWORK_MANIFEST = 'graph-network.json';
const WEIGHTS_FILE = 'weights.bin';

export interface GraphNetworkManifest extends GraphNetworkConfig {
  format: typeof GRAPH_NETWORK_FORMAT;
  version: typeof GRAPH_NETWORK_VERSION;
  weightsFile: string;
  weights: WeightSpec[];
}

/** Writes `dir/graph-network.json` and `dir/weights.bin` (the directory is created if needed). */
export async function saveGraphNetwork(model: GraphNetwork, dir: string): Promise<void> {
  const specs = weightSpecs(model.config);
  const { task, featureSize, numClasses, layers } = model.config;
  const manifest: GraphNetworkManifest = { format: GRAPH_NETWORK_FORMAT, version: GRAPH_NETWORK_VERSION, task, featureSize, numClasses, layers, weightsFile: WEIGHTS_FILE, weights: specs };
  const parts = await Promise.all(specs.map(({ name }) => (model.weights.get(name) as tf.Variable).data()));
  const data = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    data.set(p as Float32Array, offset);
    offset += p.length;
  }
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, WEIGHTS_FILE), littleEndianBytes(data));
  await writeFile(join(dir, GRAPH_NETWORK_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Loads a network saved by saveGraphNetwork from its directory (or its manifest's path); malformed files are one-line UsageErrors. */
export async function loadGraphNetwork(path: string): Promise<GraphNetwork> {
  const manifestPath = basename(path) === GRAPH_NETWORK_MANIFEST ? path : join(path, GRAPH_NETWORK_MANIFEST);
  const manifest = parseManifest(await readText(manifestPath), manifestPath);
  const weightsPath = join(dirname(manifestPath), manifest.weightsFile);
  const bytes = await readBytes(weightsPath);
  const expected = manifest.weights.reduce((n, w) => n + size(w.shape), 0);
  if (bytes.length !== expected * 4) {
    throw new UsageError(`${weightsPath}: expected ${expected} float32 weights (${expected * 4} bytes) for this architecture; got ${bytes.length} bytes`);
  }
  const data = fromLittleEndian(bytes);
  const bad = data.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new UsageError(`${weightsPath}: weight value ${bad} is not finite`);
  const values = new Map<string, tf.Tensor>();
  let offset = 0;
  for (const { name, shape } of manifest.weights) {
    values.set(name, tf.tensor(data.subarray(offset, offset + size(shape)), shape));
    offset += size(shape);
  }
  try {
    return graphNetworkFromWeights(manifest, values, manifestPath);
  } finally {
    tf.dispose([...values.values()]);
  }
}

/** The manifest, checked field by field against the weights its config implies. */
export function parseManifest(text: string, what: string): GraphNetworkManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${what}: not valid JSON (${(e as Error).message})`);
  }
  const m = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  if (m.format !== GRAPH_NETWORK_FORMAT) throw new UsageError(`${what}: not a graph network manifest (format must be '${GRAPH_NETWORK_FORMAT}'; got ${JSON.stringify(m.format)})`);
  if (m.version !== GRAPH_NETWORK_VERSION) throw new UsageError(`${what}: unsupported version ${JSON.stringify(m.version)}; this release reads version ${GRAPH_NETWORK_VERSION}`);
  const config = requireGraphNetworkConfig(m, what);
  if (typeof m.weightsFile !== 'string' || m.weightsFile === '' || m.weightsFile !== basename(m.weightsFile)) {
    throw new UsageError(`${what}: weightsFile must be a file name next to the manifest; got ${JSON.stringify(m.weightsFile)}`);
  }
  const expected = weightSpecs(config);
  const listed = Array.isArray(m.weights) ? (m.weights as unknown[]) : [];
  if (listed.length !== expected.length) throw new UsageError(`${what}: this architecture has ${expected.length} weights; the manifest lists ${listed.length}`);
  expected.forEach((spec, i) => {
    const w = (typeof listed[i] === 'object' && listed[i] !== null ? listed[i] : {}) as Record<string, unknown>;
    const shape = Array.isArray(w.shape) ? w.shape.join('x') : String(w.shape);
    if (w.name !== spec.name || shape !== spec.shape.join('x')) {
      throw new UsageError(`${what}: weight ${i} must be '${spec.name}' of shape ${spec.shape.join('x')}; got ${JSON.stringify(w.name)} of shape ${shape}`);
    }
  });
  return { ...config, format: GRAPH_NETWORK_FORMAT, version: GRAPH_NETWORK_VERSION, weightsFile: m.weightsFile, weights: expected };
}

function size(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

async function readText(path: string): Promise<string> {
  return (await readBytes(path)).toString('utf8');
}

async function readBytes(path: string): Promise<Buffer> {
  try {
    if (!(await stat(path)).isFile()) throw new UsageError(`${path}: not a file`);
    return await readFile(path);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function littleEndianBytes(data: Float32Array): Buffer {
  const out = Buffer.alloc(data.length * 4);
  data.forEach((v, i) => out.writeFloatLE(v, i * 4));
  return out;
}

function fromLittleEndian(bytes: Buffer): Float32Array {
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}
