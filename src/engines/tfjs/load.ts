import * as tf from '@tensorflow/tfjs';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../errors.js';
import type { InputSpec, PreprocessSpec } from '../types.js';
import { fileSystemHandler } from './file-io.js';
import { TfjsLayersModel } from './layers-model.js';

export interface LoadTfjsOptions {
  preprocess: PreprocessSpec;
  labels?: string[];
  layer?: string;
}

/** Load a TF.js LayersModel from a model.json path (or its folder) or an http(s) URL. */
export async function loadTfjsModel(source: string, options: LoadTfjsOptions): Promise<TfjsLayersModel> {
  const remote = /^https?:\/\//.test(source);
  const path = remote ? source : resolveModelJson(source);
  let model: tf.LayersModel;
  try {
    model = remote ? await tf.loadLayersModel(source) : await tf.loadLayersModel(fileSystemHandler(path));
  } catch (e) {
    throw new UsageError(`cannot load TF.js model ${source}: ${oneLine(e)}`);
  }
  return wrapLayersModel(model, source, options);
}

/** Wrap an in-memory LayersModel (a zoo model, or one the user built). */
export function wrapLayersModel(model: tf.LayersModel, source: string, options: LoadTfjsOptions): TfjsLayersModel {
  return new TfjsLayersModel(model, {
    source,
    inputSpec: inputSpecOf(model, source, options.preprocess),
    labels: options.labels,
    defaultLayer: options.layer,
  });
}

function inputSpecOf(model: tf.LayersModel, source: string, preprocess: PreprocessSpec): InputSpec {
  const shape = model.inputs[0]?.shape ?? [];
  const [, height, width, channels] = shape;
  if (shape.length !== 4 || !height || !width || !channels) {
    throw new UsageError(`model ${source} does not take images: its input shape is [${shape.map((d) => d ?? '?').join(', ')}], expected [batch, height, width, channels]`);
  }
  if (channels !== 3) {
    throw new UsageError(`model ${source} takes ${channels}-channel input; litecam feeds RGB images (3 channels)`);
  }
  return { height, width, channels, layout: 'NHWC', preprocess };
}

function resolveModelJson(source: string): string {
  if (!existsSync(source)) throw new UsageError(`model not found: ${source}`);
  if (statSync(source).isDirectory()) {
    const inside = join(source, 'model.json');
    if (!existsSync(inside)) throw new UsageError(`no model.json in folder ${source}`);
    return inside;
  }
  return source;
}

function oneLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0];
}
