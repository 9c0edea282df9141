/**
 * Which models a bench run loads: the TF.js zoo architectures (random weights, built in memory) and the
 * ONNX exports that ../shared/models holds when it is there. An absent ONNX file is skipped with a note.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../errors.js';

export type BenchEngine = 'tfjs' | 'onnx';
export const BENCH_ENGINES: readonly BenchEngine[] = ['tfjs', 'onnx'];
export const BENCH_MODELS = ['mobilenetv2', 'resnet18', 'vgg16', 'efficientnetb0'] as const;
export type BenchModel = (typeof BENCH_MODELS)[number];

/** The shared model folder beside the repository, where the project's ONNX exports live. */
export const SHARED_MODELS = fileURLToPath(new URL('../../../../shared/models', import.meta.url));

/** The ONNX export of each architecture in the shared folder (VGG16 has none). */
const ONNX_FILES: Partial<Record<BenchModel, string>> = {
  mobilenetv2: 'mobilenetv2_imagenet.onnx',
  resnet18: 'resnet18_random.onnx',
  efficientnetb0: 'efficientnet_b0_random.onnx',
};

export interface BenchModelSource {
  engine: BenchEngine;
  model: BenchModel;
  /** What loadModel is given. */
  source: string;
}

export function parseNameList<T extends string>(raw: string, allowed: readonly T[], what: string): T[] {
  const names = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) throw new UsageError(`${what}: expected a comma-separated list of ${allowed.join(', ')}; got '${raw}'`);
  for (const n of names) {
    if (!allowed.includes(n as T)) throw new UsageError(`unknown ${what.replace(/s$/, '')} '${n}'; expected one of ${allowed.join(', ')}`);
  }
  return [...new Set(names)] as T[];
}

/** The models to load, in engine then model order, and one note per ONNX model that is not available. */
export function benchModelSources(models: BenchModel[], engines: BenchEngine[], onnxDir: string): { sources: BenchModelSource[]; notes: string[] } {
  const sources: BenchModelSource[] = [];
  const notes: string[] = [];
  for (const engine of engines) {
    for (const model of models) {
      if (engine === 'tfjs') {
        sources.push({ engine, model, source: `zoo:${model}` });
        continue;
      }
      const file = ONNX_FILES[model];
      const path = file === undefined ? undefined : join(onnxDir, file);
      if (path !== undefined && existsSync(path)) sources.push({ engine, model, source: path });
      else notes.push(`skipped ${model} on ONNX Runtime: ${path === undefined ? 'the shared models hold no ONNX export of it' : `${path} not found`}`);
    }
  }
  return { sources, notes };
}
