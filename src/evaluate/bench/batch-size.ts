/**
 * Ablation: batch 1 against batch 8 (the paper's Table 5). The same eight inputs are explained (Grad-CAM,
 * 10% threshold) either one forward per image or in one forward of eight; times are per image.
 */
import type { ExplainableModel } from '../../engines/types.js';
import { explain, type ImageExplanation, type PreparedInput } from '../../explain.js';
import { speedClaim, type SpeedClaim } from './speed-claim.js';
import { timeInterleaved } from './timing.js';
import { timing, type ArmTiming } from './head-vs-full.js';

export const BATCHED = 8;

export interface BatchSizeResult {
  model: string;
  images: number;
  arms: ArmTiming[];
  claim: SpeedClaim;
}

/** Also returns the last batched run's explanations, whose maps the threshold ablation reuses. */
export async function batchSize(
  model: ExplainableModel,
  inputs: PreparedInput[],
  runs: number,
  onRound?: (done: number) => void,
): Promise<{ result: BatchSizeResult; explanations: ImageExplanation[] }> {
  let explanations: ImageExplanation[] = [];
  const one = async () => explain(model, inputs, { batchSize: 1 });
  const batched = async () => {
    explanations = await explain(model, inputs, { batchSize: BATCHED });
  };
  const [single, eight] = (await timeInterleaved([one, batched], runs, 1, onRound)).map((times) => times.map((t) => t / inputs.length));
  const arms = [timing('batch 1', single), timing(`batch ${BATCHED}`, eight)];
  const claim = speedClaim('ablation: batch size (per image)', { name: 'batch 1', times: single }, { name: `batch ${BATCHED}`, times: eight }, 0);
  return { result: { model: model.source, images: inputs.length, arms, claim }, explanations };
}
