import * as tf from '@tensorflow/tfjs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UsageError } from '../../errors.js';

/**
 * TF.js model files on a local disk without tfjs-node (whose file:// handler is the only one TF.js ships
 * for Node). Same layout as tfjs-node writes: model.json next to one weights.bin shard.
 */
export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

async function readOrExplain(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new UsageError(`cannot read model file '${path}' (${code}); expected a TF.js model.json and its weight files`);
  }
}

/** The bytes of a Node Buffer as a standalone ArrayBuffer (a Buffer may be a view into a shared pool). */
function toArrayBuffer(bytes: Buffer): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function parseModelJson(text: string, path: string): tf.io.ModelJSON {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`model file '${path}' is not JSON; expected a TF.js model.json`);
  }
  const candidate = json as Partial<tf.io.ModelJSON> | null;
  if (candidate === null || typeof candidate !== 'object' || !candidate.modelTopology || !Array.isArray(candidate.weightsManifest)) {
    throw new UsageError(`model file '${path}' has no modelTopology or weightsManifest; expected a TF.js model.json`);
  }
  return candidate as tf.io.ModelJSON;
}

/**
 * Loads a layers or graph model.json and its weight shards (paths relative to the model.json) with node:fs.
 * Use as `tf.loadLayersModel(fileSystemHandler(path))` or `tf.loadGraphModel(fileSystemHandler(path))`.
 */
export function fileSystemHandler(modelJsonPath: string): tf.io.IOHandler {
  return {
    load: async () => {
      const modelJson = parseModelJson((await readOrExplain(modelJsonPath)).toString('utf8'), modelJsonPath);
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const paths = manifest.flatMap((group) => group.paths.map((p) => join(dirname(modelJsonPath), p)));
        const shards = await Promise.all(paths.map(async (p) => toArrayBuffer(await readOrExplain(p))));
        return [manifest.flatMap((group) => group.weights), tf.io.CompositeArrayBuffer.join(shards)];
      });
    },
  };
}

/** Saves a model as `dir`/model.json plus `dir`/weights.bin, creating `dir` if needed: `model.save(saveHandler(dir))`. */
export function saveHandler(dir: string): tf.io.IOHandler {
  return {
    save: async (artifacts) => {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new Error('saving binary (GraphDef) model topologies is not supported; only JSON topologies are');
      }
      const { weightData, weightSpecs, getWeightStream: _stream, ...rest } = artifacts;
      const modelJson: tf.io.ModelJSON = {
        ...rest,
        modelTopology: artifacts.modelTopology ?? {},
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: weightSpecs ?? [] }],
      };
      await mkdir(dir, { recursive: true });
      const weights = weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(weightData);
      await writeFile(join(dir, WEIGHTS_FILE), new Uint8Array(weights));
      await writeFile(join(dir, MODEL_FILE), JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  };
}
