/**
 * What the thresholding-limitations study needs of one model family: explained inputs whose evidence is
 * known (planted), and a way to score what a threshold keeps against that evidence and against the model.
 * Each family (CNN on shape scenes, RNN on planted sequences, ...) implements it over its own data and
 * model; the study itself (run-limitations.ts) sees only this.
 */
import type { Attribution } from '../../attribution/types.js';
import type { FamilyResult } from '../../universal/types.js';

/** One explained input with planted ground truth. */
export interface LimitationCase {
  id: string;
  /** The family's default explanation of the true class, ReLU'd and divided by its max. */
  attribution: Attribution;
  /** Softmax probability of the explained class, for the confidence threshold. */
  probability: number;
  /** Share of the scored units (pixels, steps, tokens, nodes) inside the planted evidence: the precision of a random kept set. */
  truthShare: number;
  /** What the explainer knew beyond the map (token relations, the graph's anchor), for structured simplification. */
  context?: FamilyResult['context'];
  /**
   * Recall and precision of a kept set (1 per kept map entry) against the planted evidence, in the family's
   * scored units.
   */
  localise(kept: Uint8Array): { recall: number; precision: number };
  /**
   * The explained class's probability on the whole input minus its probability with only the kept part
   * left (everything else deleted): 0 when the kept part carries all the model needed, negative when the
   * kept part alone convinces the model more. A difference, not a ratio: a ratio explodes on the inputs
   * where the true class was unlikely to begin with.
   */
  scoreDrop(kept: Uint8Array): Promise<number>;
}

/** What a family's run says about itself, for the report. */
export interface FamilyDescription {
  model: string;
  data: string;
  method: string;
  /** What one scored unit is: 'pixel', 'time step', 'token', 'node'. */
  unit: string;
  /** How the rest of the input is deleted for `scoreDrop`. */
  deletion: string;
}

export interface LimitationFamily {
  /** Short name used by --families: 'cnn', 'vit', 'rnn', 'text', 'graph'. */
  name: string;
  /** Null when the family can run here; else one sentence saying why it is skipped. */
  unavailable(): string | null;
  /** Loads the model, explains `count` generated inputs from `seed`, hands each case to `visit`, disposes the model. */
  run(count: number, seed: number, visit: (c: LimitationCase) => Promise<void>): Promise<FamilyDescription>;
}
