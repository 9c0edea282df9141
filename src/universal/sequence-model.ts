/**
 * A TF.js LayersModel over sequences, [batch, steps, features] in and [batch, outputs] out: what the image
 * engine (engines/tfjs) turns away, kept with where it came from and its class names. The recurrent adapter
 * explains it; a bare LayersModel works too, this only carries what a file on disk says about it.
 */
import type * as tf from '@tensorflow/tfjs';
import { UsageError } from '../errors.js';

/** Whether the outputs are class scores (softmax gives probabilities) or predicted values. */
export type SequenceTask = 'classification' | 'regression';

export class LayersSequenceModel {
  readonly steps: number | null;
  readonly features: number;
  readonly outputs: number;

  constructor(
    readonly model: tf.LayersModel,
    readonly source: string,
    readonly labels?: string[],
    readonly task?: SequenceTask,
  ) {
    const shape = sequenceInputShape(model);
    if (!shape) {
      const input = model.inputs[0]?.shape ?? [];
      throw new UsageError(`model ${source} does not take sequences: its input shape is [${input.map((d) => d ?? '?').join(', ')}], expected [batch, steps, features]`);
    }
    const out = model.outputs[0].shape;
    if (model.outputs.length !== 1 || out.length !== 2 || !out[1]) {
      throw new UsageError(`model ${source} must have one output [batch, outputs]; got ${model.outputs.map((o) => `[${o.shape.join(', ')}]`).join(', ')}`);
    }
    this.steps = shape.steps;
    this.features = shape.features;
    this.outputs = out[1];
    if (labels && labels.length !== this.outputs) throw new UsageError(`labels: got ${labels.length} names for model ${source}, which has ${this.outputs} outputs`);
  }

  dispose(): void {
    this.model.dispose();
  }
}

/** [steps, features] of a one-input model over sequences (steps null when free); undefined otherwise. */
export function sequenceInputShape(model: tf.LayersModel): { steps: number | null; features: number } | undefined {
  if (model.inputs.length !== 1) return undefined;
  const shape = model.inputs[0].shape;
  const features = shape[2];
  if (shape.length !== 3 || typeof features !== 'number' || features < 1) return undefined;
  return { steps: shape[1] ?? null, features };
}
