/**
 * One loader for every family, recognising a model by what it is rather than by a flag: a `zoo:` name (an
 * image CNN, a recurrent network or the ViT), a directory with one of the manifests other families save
 * their weights with, an `.onnx` file (image CNN, ViT or sequence model alike), or a TF.js model.json over
 * images or over sequences.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UsageError } from '../errors.js';
import { loadImageOrSequenceModel, loadModel, type LoadOptions } from '../load.js';
import { loadGraphNetwork } from '../zoo/gnn/weights-io.js';
import { ZOO_NAMES, ZOO_SPEC_PREFIX } from '../zoo/index.js';
import { RNN_ZOO, type RnnZooName } from '../zoo/rnn/index.js';
import { loadTextEncoder } from '../zoo/text-encoder/file-format.js';
import { loadVisionTransformer } from '../zoo/vit-files.js';
import { buildVit } from '../zoo/vit.js';
import { LayersSequenceModel } from './sequence-model.js';

/** A model directory another family saves, recognised by the manifest file in it. */
export interface ManifestRecogniser {
  /** The manifest's file name; a directory holding it (or the path of the file itself) is this kind of model. */
  manifest: string;
  load(dir: string): Promise<unknown>;
}

/** Add a family's saved-model format here, one line each. */
export const MANIFEST_RECOGNISERS: readonly ManifestRecogniser[] = [
  { manifest: 'vit.json', load: loadVisionTransformer },
  { manifest: 'text-encoder.json', load: loadTextEncoder },
  { manifest: 'graph-network.json', load: loadGraphNetwork },
];

/** Zoo names beyond the image CNNs (src/zoo/index.ts): the recurrent networks and the ViT, with seeded random weights. */
const RNN_ZOO_NAMES = Object.keys(RNN_ZOO) as RnnZooName[];
const VIT_ZOO_NAME = 'vit';

export async function loadAnyModel(source: string, options: LoadOptions = {}): Promise<unknown> {
  if (source.startsWith(ZOO_SPEC_PREFIX)) return loadZoo(source, options);
  const recognised = recogniserFor(source);
  if (recognised) return recognised.recogniser.load(recognised.dir);
  return loadImageOrSequenceModel(source, options);
}

function recogniserFor(source: string): { recogniser: ManifestRecogniser; dir: string } | undefined {
  if (/^https?:\/\//.test(source) || !existsSync(source)) return undefined;
  const isDir = statSync(source).isDirectory();
  for (const recogniser of MANIFEST_RECOGNISERS) {
    if (isDir && existsSync(join(source, recogniser.manifest))) return { recogniser, dir: source };
    if (!isDir && basename(source) === recogniser.manifest) return { recogniser, dir: join(source, '..') };
  }
  return undefined;
}

async function loadZoo(source: string, options: LoadOptions): Promise<unknown> {
  const name = source.slice(ZOO_SPEC_PREFIX.length);
  if ((ZOO_NAMES as string[]).includes(name)) return loadModel(source, options);
  if ((RNN_ZOO_NAMES as string[]).includes(name)) {
    const model = RNN_ZOO[name as RnnZooName]({ outputs: options.numClasses });
    return new LayersSequenceModel(model, source, undefined, name === 'timeseries-regressor' ? 'regression' : 'classification');
  }
  if (name === VIT_ZOO_NAME) return buildVit({ inputSize: options.inputSize, numClasses: options.numClasses });
  throw new UsageError(`unknown zoo model '${name}'; the zoo has ${[...ZOO_NAMES, ...RNN_ZOO_NAMES, VIT_ZOO_NAME].join(', ')}`);
}

/** Frees whatever a loader returned: engines' models, the zoo ViT, a graph network, a text classifier's encoder. */
export function disposeModel(model: unknown): void {
  const m = model as { dispose?: () => void; encoder?: { dispose?: () => void } } | null;
  if (typeof m?.dispose === 'function') m.dispose();
  else if (typeof m?.encoder?.dispose === 'function') m.encoder.dispose();
}
